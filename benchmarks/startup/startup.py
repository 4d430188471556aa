#!/usr/bin/env python3
"""Startup benchmark: an application with 1,000 @WithRetry methods (100 beans x 10 methods) against the same
application without the extension.

The variants are generated under benchmarks/target/startup/, built once each as Quarkus fast-jars, then started
alternately N times. Each start runs to a @QuarkusMain that returns at once; we record Quarkus' own
"started in X.XXXs" figure, the wall time from `java -jar` to that line (JVM start included) and to process exit.

The variant without the extension keeps the extensions quarkus-retry depends on (quarkus-arc, quarkus-mutiny,
quarkus-vertx), so the difference is the extension's own work: its build steps' output, its recorder at startup
and the 1,000 intercepted methods. Three more variants are started for reference: the same methods bound to a no-op
interceptor without the extension (what ArC's interception of 1,000 methods costs whatever the interceptor), the
extension with the same methods left unannotated (its fixed cost) and a bare `quarkus-arc` application.

Usage: startup.py <repo-root> <out.json> [--runs N] [--beans B] [--methods M]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

BASE = ["io.quarkus:quarkus-arc", "io.quarkus:quarkus-mutiny", "io.quarkus:quarkus-vertx"]
VARIANTS = {
    # name: (extension dependencies, the binding on every method: "WithRetry", "Noop" or None)
    "with-retry": (["io.quarkiverse.retry:quarkus-retry"], "WithRetry"),
    "without-retry": (BASE, None),
    "noop-interceptor": (BASE, "Noop"),
    "retry-no-methods": (["io.quarkiverse.retry:quarkus-retry"], None),
    "arc-only": (["io.quarkus:quarkus-arc"], None),
}

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
    <modelVersion>4.0.0</modelVersion>
    <groupId>io.quarkiverse.retry.benchmarks</groupId>
    <artifactId>startup-{name}</artifactId>
    <version>1.0</version>
    <properties>
        <maven.compiler.release>17</maven.compiler.release>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    </properties>
    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>io.quarkus</groupId>
                <artifactId>quarkus-bom</artifactId>
                <version>{quarkus}</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>
    <dependencies>
{deps}
    </dependencies>
    <build>
        <plugins>
            <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>{compiler}</version>
            </plugin>
            <plugin>
                <groupId>io.quarkus</groupId>
                <artifactId>quarkus-maven-plugin</artifactId>
                <version>{quarkus}</version>
                <executions>
                    <execution>
                        <goals>
                            <goal>build</goal>
                        </goals>
                    </execution>
                </executions>
            </plugin>
        </plugins>
    </build>
</project>
"""

DEP = """        <dependency>
            <groupId>{g}</groupId>
            <artifactId>{a}</artifactId>{v}
        </dependency>"""

MAIN = """package startup;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

@QuarkusMain
public class Main implements QuarkusApplication {
    @Override
    public int run(String... args) {
        return 0;
    }
}
"""


NOOP_BINDING = """package startup;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Noop {
}
"""

NOOP_INTERCEPTOR = """package startup;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

@Noop
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 150)
public class NoopInterceptor {
    @AroundInvoke
    Object proceed(InvocationContext context) throws Exception {
        return context.proceed();
    }
}
"""


def bean(i, methods, binding):
    lines = ["package startup;", "", "import jakarta.enterprise.context.ApplicationScoped;"]
    if binding == "WithRetry":
        lines.append("import io.quarkiverse.retry.WithRetry;")
    lines += ["", "@ApplicationScoped", f"public class Service{i:03d} {{"]
    for m in range(methods):
        if binding:
            lines.append(f"    @{binding}")
        lines += [f"    public String call{m}(String in) {{", f"        return in + \"{i}-{m}\";", "    }", ""]
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate(root, out, name, beans, methods, versions):
    deps_spec, binding = VARIANTS[name]
    project = os.path.join(out, name)
    src = os.path.join(project, "src/main/java/startup")
    os.makedirs(src, exist_ok=True)
    os.makedirs(os.path.join(project, "src/main/resources"), exist_ok=True)
    deps = []
    for spec in deps_spec:
        g, a = spec.split(":")
        v = "\n            <version>999-SNAPSHOT</version>" if g == "io.quarkiverse.retry" else ""
        deps.append(DEP.format(g=g, a=a, v=v))
    with open(os.path.join(project, "pom.xml"), "w") as f:
        f.write(POM.format(name=name, deps="\n".join(deps), **versions))
    with open(os.path.join(src, "Main.java"), "w") as f:
        f.write(MAIN)
    if binding == "Noop":
        for file_name, text in (("Noop.java", NOOP_BINDING), ("NoopInterceptor.java", NOOP_INTERCEPTOR)):
            with open(os.path.join(src, file_name), "w") as f:
                f.write(text)
    for i in range(beans):
        with open(os.path.join(src, f"Service{i:03d}.java"), "w") as f:
            f.write(bean(i, methods, binding))
    with open(os.path.join(project, "src/main/resources/application.properties"), "w") as f:
        # the beans are never looked up: keep them (and their interceptor bindings) in the container anyway
        f.write("quarkus.arc.remove-unused-beans=false\nquarkus.banner.enabled=false\n")
    return project


STARTED = re.compile(r"started in ([0-9.]+)s")


def start_once(project):
    """Returns ("started in" ms, wall ms to that line, wall ms to exit)."""
    jar = os.path.join(project, "target/quarkus-app/quarkus-run.jar")
    t0 = time.perf_counter()
    p = subprocess.Popen(["java", "-jar", jar], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    started = ready = None
    output = []
    for line in p.stdout:
        output.append(line)
        m = STARTED.search(line)
        if m and started is None:
            ready = (time.perf_counter() - t0) * 1000
            started = float(m.group(1)) * 1000
    p.wait()
    wall = (time.perf_counter() - t0) * 1000
    if p.returncode != 0 or started is None:
        sys.exit(f"start of {project} failed:\n{''.join(output)}")
    return started, round(ready, 1), round(wall, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("out_json")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--beans", type=int, default=100)
    ap.add_argument("--methods", type=int, default=10)
    args = ap.parse_args()

    root_pom = open(os.path.join(args.root, "pom.xml")).read()
    versions = {
        "quarkus": re.search(r"<quarkus.version>([^<]+)<", root_pom).group(1),
        "compiler": re.search(r"<compiler-plugin.version>([^<]+)<", root_pom).group(1),
    }
    out = os.path.join(args.root, "benchmarks/target/startup")
    mvnw = os.path.join(args.root, "mvnw")
    projects = {}
    for name in VARIANTS:
        projects[name] = generate(args.root, out, name, args.beans, args.methods, versions)
        print(f"building {name} ...", file=sys.stderr)
        subprocess.run([mvnw, "-B", "-q", "-f", os.path.join(projects[name], "pom.xml"), "package",
                        "-DskipTests"], check=True)

    samples = {name: {"startedMs": [], "readyMs": [], "wallMs": []} for name in VARIANTS}
    for name in VARIANTS:  # one unmeasured start each: page cache, CDS archive
        start_once(projects[name])
    for run in range(args.runs):
        for name in VARIANTS:
            started, ready, wall = start_once(projects[name])
            samples[name]["startedMs"].append(started)
            samples[name]["readyMs"].append(ready)
            samples[name]["wallMs"].append(wall)
        print(f"run {run + 1}/{args.runs} (started in / ready / exit): " + ", ".join(
            f"{n} {samples[n]['startedMs'][-1]:.0f}/{samples[n]['readyMs'][-1]:.0f}/{samples[n]['wallMs'][-1]:.0f}"
            for n in VARIANTS) + " ms", file=sys.stderr)

    result = {"beans": args.beans, "methodsPerBean": args.methods, "runs": args.runs, "variants": {}}
    for name in VARIANTS:
        s = samples[name]
        result["variants"][name] = {
            "startedMsMedian": statistics.median(s["startedMs"]),
            "readyMsMedian": statistics.median(s["readyMs"]),
            "wallMsMedian": statistics.median(s["wallMs"]),
            "startedMs": s["startedMs"],
            "readyMs": s["readyMs"],
            "wallMs": s["wallMs"],
        }
    v = result["variants"]
    result["deltaStartedMs"] = v["with-retry"]["startedMsMedian"] - v["without-retry"]["startedMsMedian"]
    result["deltaReadyMs"] = v["with-retry"]["readyMsMedian"] - v["without-retry"]["readyMsMedian"]
    result["deltaWallMs"] = v["with-retry"]["wallMsMedian"] - v["without-retry"]["wallMsMedian"]
    # how much of the difference any interceptor on the same methods costs
    result["interceptionStartedMs"] = (v["noop-interceptor"]["startedMsMedian"]
                                       - v["without-retry"]["startedMsMedian"])
    with open(args.out_json, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps({k: result[k] for k in ("deltaStartedMs", "deltaReadyMs", "deltaWallMs",
                                             "interceptionStartedMs")}), file=sys.stderr)


if __name__ == "__main__":
    main()
