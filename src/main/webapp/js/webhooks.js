// Webhook endpoints: registered with the secret shown once, listed without it, removed after a confirmation; and the
// selected endpoint's recent deliveries, each redelivered on demand. URLs and errors come from whoever registered
// the endpoint or answered it: everything goes through textContent (format.js's el), and no URL becomes a link.
import {api} from './api.js';
import {badge, el, keepRows, time} from './format.js';

const POLL = 15000;
const DELIVERIES_POLL = 3000;

export class Webhooks {
    constructor({onOpenJob}) {
        this.onOpenJob = onOpenJob;
        this.form = document.getElementById('webhook-form');
        this.register = document.getElementById('webhook-register');
        this.body = document.querySelector('#webhook-table tbody');
        this.empty = document.getElementById('webhooks-empty');
        this.status = document.getElementById('webhooks-status');
        this.secret = document.getElementById('webhook-secret');
        this.secretValue = document.getElementById('webhook-secret-value');
        this.secretHint = document.getElementById('webhook-secret-hint');
        this.panel = document.getElementById('deliveries');
        this.deliveryBody = document.querySelector('#delivery-table tbody');
        this.deliveriesEmpty = document.getElementById('deliveries-empty');
        this.rows = new Map();
        this.deliveryRows = new Map();
        this.selected = null;
        this.timer = null;
        this.deliveryTimer = null;

        this.form.addEventListener('submit', event => {
            event.preventDefault();
            this.submit();
        });
        document.getElementById('webhooks-refresh').addEventListener('click', () => this.load());
        document.getElementById('webhook-secret-copy').addEventListener('click', () => this.copySecret());
        document.getElementById('webhook-secret-done').addEventListener('click', () => this.forgetSecret());
        document.getElementById('deliveries-refresh').addEventListener('click', () => this.loadDeliveries());
        document.getElementById('deliveries-close').addEventListener('click', () => this.select(null));
    }

    async load() {
        clearTimeout(this.timer);
        try {
            this.render(await api.webhooks());
        } catch (e) {
            this.say(`Cannot load the webhook endpoints: ${e.message}`, true);
        }
        this.timer = setTimeout(() => this.load(), POLL);
    }

    /** Rows are kept per id, as in the failed jobs, so that polling neither moves focus nor replaces a button. */
    render(endpoints) {
        keepRows(this.body, this.rows, endpoints, endpoint => this.row(endpoint), () => {});
        this.empty.hidden = endpoints.length > 0;
        if (this.selected && !endpoints.some(e => e.id === this.selected.id)) this.select(null);
        this.markSelected();
    }

    row(endpoint) {
        return el('tr', {'data-endpoint-id': endpoint.id},
            el('td', {class: 'url mono', text: endpoint.url}),
            el('td', {class: 'events', text: (endpoint.events || []).join(', ')}),
            el('td', {class: 'id mono', text: endpoint.id}),
            el('td', {class: 'actions'},
                el('button', {type: 'button', class: 'show-deliveries', 'aria-label': `Deliveries to ${endpoint.url}`,
                    onclick: () => this.select(endpoint)}, 'Deliveries'),
                el('button', {type: 'button', class: 'remove danger', 'aria-label': `Delete ${endpoint.url}`,
                    onclick: () => this.remove(endpoint)}, 'Delete')));
    }

    async submit() {
        const url = this.form.elements.url.value.trim();
        const events = [...this.form.querySelectorAll('input[name=events]:checked')].map(input => input.value);
        if (!url) return this.refuse('Give the endpoint\'s URL.', this.form.elements.url);
        if (events.length === 0) return this.refuse('Choose at least one event.', this.form.querySelector('input[name=events]'));
        this.register.disabled = true;
        try {
            const endpoint = await api.registerWebhook(url, events);
            this.showSecret(endpoint);
            this.form.reset();
            this.say(`Registered ${endpoint.url}.`, false);
            this.load();
        } catch (e) {
            this.say(`Not registered: ${e.message}`, true);
        } finally {
            this.register.disabled = false;
        }
    }

    refuse(text, field) {
        this.say(text, true);
        field.focus();
    }

    /** The secret lives in this box until Done or the next registration; the page never fetches it again. */
    showSecret(endpoint) {
        document.getElementById('webhook-secret-url').textContent = endpoint.url;
        this.secretValue.textContent = endpoint.secret;
        this.secretHint.textContent = 'Verify each delivery\'s webhook-signature with it (docs/api.md, Webhooks).';
        this.secret.hidden = false;
        this.secretValue.focus();
    }

    async copySecret() {
        try {
            await navigator.clipboard.writeText(this.secretValue.textContent);
            this.secretHint.textContent = 'Copied. Keep it where your receiver reads its configuration.';
        } catch (e) {
            // no clipboard outside a secure context (plain http to another host): select it for Ctrl+C instead
            getSelection().selectAllChildren(this.secretValue);
            this.secretHint.textContent = 'Selected: press Ctrl+C (⌘C) to copy it.';
        }
    }

    forgetSecret() {
        this.secretValue.textContent = '';
        this.secret.hidden = true;
    }

    async remove(endpoint) {
        if (!confirm(`Delete the webhook endpoint ${endpoint.url} and its deliveries? It receives no more events.`)) return;
        try {
            await api.removeWebhook(endpoint.id);
            this.say(`Deleted ${endpoint.url}.`, false);
        } catch (e) {
            this.say(`Not deleted: ${e.message}`, true);
        }
        this.load();
    }

    select(endpoint) {
        clearTimeout(this.deliveryTimer);
        this.selected = endpoint;
        this.markSelected();
        this.deliveryBody.replaceChildren();
        this.deliveryRows.clear();
        this.panel.hidden = !endpoint;
        if (!endpoint) return;
        document.getElementById('deliveries-url').textContent = endpoint.url;
        this.deliveriesEmpty.hidden = true;
        this.loadDeliveries();
        document.getElementById('deliveries-heading').focus();
    }

    markSelected() {
        for (const row of this.body.children) {
            row.classList.toggle('selected', row.dataset.endpointId === this.selected?.id);
        }
    }

    /** Polled while an endpoint is selected, so that attempts, answers and redeliveries show as they happen. */
    async loadDeliveries() {
        clearTimeout(this.deliveryTimer);
        const endpoint = this.selected;
        if (!endpoint) return;
        try {
            const deliveries = await api.deliveries(endpoint.id);
            if (this.selected !== endpoint) return;
            keepRows(this.deliveryBody, this.deliveryRows, deliveries, delivery => this.deliveryRow(endpoint, delivery),
                (row, delivery) => this.updateDelivery(row, delivery));
            this.deliveriesEmpty.hidden = deliveries.length > 0;
        } catch (e) {
            if (this.selected !== endpoint) return;
            this.say(`Cannot load the deliveries: ${e.message}`, true);
            if (e.status === 404) return this.load();
        }
        this.deliveryTimer = setTimeout(() => this.loadDeliveries(), DELIVERIES_POLL);
    }

    deliveryRow(endpoint, delivery) {
        return el('tr', {'data-delivery-id': delivery.id},
            el('td', {class: 'event', text: delivery.event}),
            el('td', {},
                el('button', {type: 'button', class: 'open mono', 'aria-label': `Open job ${delivery.job_id}`,
                    onclick: () => this.onOpenJob(delivery.job_id)}, delivery.job_id.slice(0, 8))),
            el('td', {class: 'webhook-id mono', text: delivery.webhook_id}),
            el('td', {class: 'attempts num'}),
            el('td', {class: 'answer'}),
            el('td', {class: 'next'}),
            el('td', {class: 'state'}),
            el('td', {class: 'actions'},
                el('button', {type: 'button', class: 'redeliver', 'aria-label': `Redeliver ${delivery.webhook_id}`,
                    onclick: () => this.redeliver(endpoint, delivery)}, 'Redeliver')));
    }

    updateDelivery(row, delivery) {
        const answer = [delivery.last_status, delivery.last_error].filter(part => part !== null && part !== undefined);
        row.dataset.state = delivery.state;
        row.querySelector('.attempts').textContent = String(delivery.attempts);
        const cell = row.querySelector('.answer');
        cell.textContent = answer.length ? answer.join(' · ') : '—';
        cell.title = delivery.last_attempt_at ? `at ${time(delivery.last_attempt_at)}` : '';
        row.querySelector('.next').textContent = time(delivery.next_attempt_at);
        row.querySelector('.state').replaceChildren(badge(delivery.state));
        // being sent under a lease: the server refuses a redelivery until that attempt's answer is recorded
        row.querySelector('.redeliver').disabled = delivery.state === 'Sending';
    }

    async redeliver(endpoint, delivery) {
        try {
            await api.redeliver(endpoint.id, delivery.id);
            this.say(`${delivery.webhook_id} queued again.`, false);
        } catch (e) {
            this.say(`Not redelivered: ${e.message}`, true);
        }
        this.loadDeliveries();
    }

    say(text, error) {
        this.status.textContent = text;
        this.status.classList.toggle('error', error);
    }
}
