import { QwcHotReloadElement, html, css } from 'qwc-hot-reload-element';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/progress-bar';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

/**
 * Every @WithRetry method: return shape, policy, the policy's effective values (each marked with where it came
 * from) and live counters. Refreshes every 2 seconds while shown.
 */
export class QwcRetryMethods extends QwcHotReloadElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; height: 100%; padding: 0 10px; }
        vaadin-grid { height: 100%; }
        .settings { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: var(--lumo-font-size-s); }
        .source-policy { color: var(--lumo-primary-text-color); }
        .source-default-policy { color: var(--lumo-success-text-color); }
        .source-built-in { color: var(--lumo-secondary-text-color); }
        .legend { font-size: var(--lumo-font-size-s); padding: 6px 0; }
        .calls { font-family: monospace; font-size: var(--lumo-font-size-s); }
    `;

    static properties = {
        _methods: { state: true },
    };

    connectedCallback() {
        super.connectedCallback();
        this.hotReload();
        this._timer = setInterval(() => this.hotReload(), 2000);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    hotReload() {
        this.jsonRpc.getMethods().then(response => { this._methods = response.result; });
    }

    render() {
        if (!this._methods) {
            return html`<vaadin-progress-bar indeterminate></vaadin-progress-bar>`;
        }
        return html`
            <div class="legend">Values: <span class="source-policy">named policy</span> ·
                <span class="source-default-policy">default policy</span> ·
                <span class="source-built-in">built-in default</span></div>
            <vaadin-grid .items="${this._methods}" theme="row-stripes wrap-cell-content" all-rows-visible>
                <vaadin-grid-column header="Method" path="method" auto-width resizable></vaadin-grid-column>
                <vaadin-grid-column header="Shape" path="shape" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Policy" path="policy" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Policy values" ${columnBodyRenderer(this._settings, [])}
                    flex-grow="3"></vaadin-grid-column>
                <vaadin-grid-column header="Calls by outcome" ${columnBodyRenderer(this._calls, [])}
                    auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Retries" path="retries" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Last failure" ${columnBodyRenderer(this._lastFailure, [])}
                    auto-width></vaadin-grid-column>
            </vaadin-grid>`;
    }

    _settings(method) {
        const entries = Object.entries(method.settings || {}).filter(([, v]) => v.value !== null);
        return html`<div class="settings">${entries.map(([key, v]) => html`
            <span class="source-${v.source.replace(' ', '-')}" title="${v.key} (${v.source})">${key}=${v.value}</span>`)}
        </div>`;
    }

    _calls(method) {
        const calls = Object.entries(method.calls || {}).filter(([, count]) => count > 0);
        if (calls.length === 0) {
            return html`<span class="calls">-</span>`;
        }
        return html`<span class="calls">${calls.map(([outcome, count]) => `${outcome} ${count}`).join(', ')}</span>`;
    }

    _lastFailure(method) {
        if (!method.lastFailureType) {
            return html`-`;
        }
        return html`<span title="${method.lastFailureAt}">${method.lastFailureType}<br>
            <small>${new Date(method.lastFailureAt).toLocaleTimeString()}</small></span>`;
    }
}
customElements.define('qwc-retry-methods', QwcRetryMethods);
