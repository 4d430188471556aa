import { QwcHotReloadElement, html, css } from 'qwc-hot-reload-element';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/button';
import '@vaadin/progress-bar';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

/**
 * The retry budgets (balance, denials) and the circuit breakers (state, window, transitions), with Force open /
 * Force closed / Reset wired to CircuitBreakers. Refreshes every 2 seconds while shown.
 */
export class QwcRetryGuards extends QwcHotReloadElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 12px; padding: 0 10px; }
        h3 { margin: 8px 0 0 0; }
        .state-CLOSED { color: var(--lumo-success-text-color); }
        .state-OPEN, .state-FORCED_OPEN { color: var(--lumo-error-text-color); font-weight: bold; }
        .state-HALF_OPEN, .state-FORCED_CLOSED { color: var(--lumo-warning-text-color, orange); }
        .actions { display: flex; gap: 6px; }
        .empty { color: var(--lumo-secondary-text-color); }
    `;

    static properties = {
        _guards: { state: true },
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
        this.jsonRpc.getGuards().then(response => { this._guards = response.result; });
    }

    render() {
        if (!this._guards) {
            return html`<vaadin-progress-bar indeterminate></vaadin-progress-bar>`;
        }
        return html`
            <h3>Retry budgets</h3>
            ${this._guards.budgets.length === 0 ? html`<span class="empty">No policy spends from a budget.</span>` : html`
            <vaadin-grid .items="${this._guards.budgets}" theme="row-stripes" all-rows-visible>
                <vaadin-grid-column header="Budget" path="name" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Retries allowed now" path="available" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Retries denied" path="denied" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Ratio" path="ratio" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Floor (/s)" path="minRetriesPerSecond" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Window (s)" path="windowSeconds" auto-width></vaadin-grid-column>
            </vaadin-grid>`}
            <h3>Circuit breakers</h3>
            ${this._guards.breakers.length === 0 ? html`<span class="empty">No policy has a circuit breaker
                (quarkus.retry."name".circuit-breaker.enabled=true).</span>` : html`
            <vaadin-grid .items="${this._guards.breakers}" theme="row-stripes" all-rows-visible>
                <vaadin-grid-column header="Policy" ${columnBodyRenderer(b => html`${b.policy || '<default>'}`, [])}
                    auto-width></vaadin-grid-column>
                <vaadin-grid-column header="State" ${columnBodyRenderer(b => html`<span class="state-${b.state}">${b.state}</span>`, [])}
                    auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Failed in window" ${columnBodyRenderer(b => html`${Math.round(b.failureRatio * 100)}% of ${b.requestVolumeThreshold} (opens at ${Math.round(b.threshold * 100)}%)`, [])}
                    auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Times opened" path="timesOpened" auto-width></vaadin-grid-column>
                <vaadin-grid-column header="Since" ${columnBodyRenderer(b => html`${new Date(b.since).toLocaleTimeString()}`, [])}
                    auto-width></vaadin-grid-column>
                <vaadin-grid-column header="" ${columnBodyRenderer(this._actions, [])} auto-width></vaadin-grid-column>
            </vaadin-grid>`}`;
    }

    _actions = (breaker) => html`<div class="actions">
        <vaadin-button theme="small error" @click=${() => this._act('forceOpen', breaker.policy)}>Force open</vaadin-button>
        <vaadin-button theme="small" @click=${() => this._act('forceClosed', breaker.policy)}>Force closed</vaadin-button>
        <vaadin-button theme="small success" @click=${() => this._act('reset', breaker.policy)}>Reset</vaadin-button>
    </div>`;

    _act(action, policy) {
        this.jsonRpc[action]({ policy: policy }).then(() => this.hotReload());
    }
}
customElements.define('qwc-retry-guards', QwcRetryGuards);
