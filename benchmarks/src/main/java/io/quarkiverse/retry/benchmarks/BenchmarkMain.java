package io.quarkiverse.retry.benchmarks;

import java.util.Arrays;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Runs JMH inside the booted application, so that benchmarks reach the CDI container. JMH cannot fork a JVM that
 * boots Quarkus, hence {@code forks(0)}; {@code benchmarks/run.sh} gets fork isolation back by starting one JVM per
 * benchmark.
 * <p>
 * Arguments: JMH's command line ({@code -h} for help, {@code -l} to list), or {@code scale <json-file>} for the
 * scale test ({@link ScaleTest}).
 */
@QuarkusMain
public class BenchmarkMain implements QuarkusApplication {

    @Override
    public int run(String... args) throws Exception {
        if (args.length > 0 && args[0].equals("scale")) {
            return ScaleTest.run(Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp()) {
            options.showHelp();
            return 0;
        }
        Runner runner = new Runner(new OptionsBuilder().parent(options).forks(0).build());
        if (options.shouldList()) {
            runner.list();
            return 0;
        }
        runner.run();
        return 0;
    }
}
