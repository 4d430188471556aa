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
        .settings { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: var(--lumo-font-size-s); }
        .settings span { white-space: nowrap; }
        .name { overflow-wrap: anywhere; }
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
                <vaadin-grid-column header="Method" ${columnBodyRenderer(this._method, [])} width="230px"
                    flex-grow="0" resizable></vaadin-grid-column>
                <vaadin-grid-column header="Shape" ${columnBodyRenderer(this._shape, [])} width="150px"
                    flex-grow="0"></vaadin-grid-column>
                <vaadin-grid-column header="Policy" path="policy" width="110px" flex-grow="0"></vaadin-grid-column>
                <vaadin-grid-column header="Policy values" ${columnBodyRenderer(this._settings, [])}
                    flex-grow="1"></vaadin-grid-column>
                <vaadin-grid-column header="Calls by outcome" ${columnBodyRenderer(this._calls, [])}
                    width="150px" flex-grow="0"></vaadin-grid-column>
                <vaadin-grid-column header="Retries" path="retries" width="85px" flex-grow="0"></vaadin-grid-column>
                <vaadin-grid-column header="Last failure" ${columnBodyRenderer(this._lastFailure, [])}
                    width="200px" flex-grow="0"></vaadin-grid-column>
            </vaadin-grid>`;
    }

    _method(method) {
        // the simple class name and the method; the full name on hover
        const simple = method.method.substring(method.method.lastIndexOf('.') + 1);
        return html`<span class="name" title="${method.method}">${simple}</span>${method.httpMethod
            ? html`<br><small>${method.httpMethod}</small>` : ''}`;
    }

    _shape(method) {
        // COMPLETION_STAGE may break after its underscore
        return html`${method.shape.replace('_', '_\u200b')}`;
    }

    _settings(method) {
        const entries = Object.entries(method.settings || {});
        return html`<div class="settings">${entries.map(([key, v]) => html`
            <span class="source-${v.source.replace(' ', '-')}" title="${v.key} (${v.source})">${key}=${
                v.value === null || v.value === undefined || v.value === '' ? 'unset' : v.value}</span>`)}
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
        const simple = method.lastFailureType.substring(method.lastFailureType.lastIndexOf('.') + 1);
        return html`<span class="name" title="${method.lastFailureType} at ${method.lastFailureAt}">${simple}<br>
            <small>${new Date(method.lastFailureAt).toLocaleTimeString()}</small></span>`;
    }
}
customElements.define('qwc-retry-methods', QwcRetryMethods);
