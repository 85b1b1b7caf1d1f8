// The failed jobs, as a dead-letter queue: each with its error and, on demand, ffmpeg's log; retried or discarded
// (the job and its files removed) one by one or as a selection.
import {api} from './api.js';
import {el, keepRows, time} from './format.js';

const LIMIT = 50;
const POLL = 8000;

export class FailedJobs {
    constructor({onOpen, onChange}) {
        this.onOpen = onOpen;
        this.onChange = onChange;
        this.body = document.querySelector('#failed-table tbody');
        this.empty = document.getElementById('failed-empty');
        this.status = document.getElementById('failed-status');
        this.selectAll = document.getElementById('failed-select-all');
        this.retrySelected = document.getElementById('failed-retry-selected');
        this.discardSelected = document.getElementById('failed-discard-selected');
        this.rows = new Map();
        this.timer = null;

        document.getElementById('failed-refresh').addEventListener('click', () => this.load());
        this.selectAll.addEventListener('change', () => {
            for (const row of this.rows.values()) row.querySelector('input.select').checked = this.selectAll.checked;
            this.updateSelection();
        });
        this.retrySelected.addEventListener('click', () => this.act('retry', this.selected()));
        this.discardSelected.addEventListener('click', () => this.act('discard', this.selected()));
    }

    async load() {
        clearTimeout(this.timer);
        try {
            const page = await api.jobs({status: 'Failed', limit: LIMIT});
            this.render(page.jobs || []);
        } catch (e) {
            this.say(`Cannot load the failed jobs: ${e.message}`, true);
        }
        this.timer = setTimeout(() => this.load(), POLL);
    }

    /** Rows are kept per job id, so that a selection and an opened log survive each refresh. */
    render(jobs) {
        keepRows(this.body, this.rows, jobs, job => this.createRow(job), (row, job) => {
            row.querySelector('.error').textContent = job.error || 'no error recorded';
            row.querySelector('.when').textContent = time(job.completed_at);
        });
        this.empty.hidden = jobs.length > 0;
        this.updateSelection();
    }

    createRow(job) {
        const log = el('pre', {class: 'log'});
        const details = el('details', {class: 'log-details'}, el('summary', {text: 'ffmpeg log'}), log);
        details.addEventListener('toggle', async () => {
            if (!details.open || details.dataset.loaded) return;
            log.textContent = 'Loading…';
            try {
                log.textContent = await api.log(job.id);
                details.dataset.loaded = 'true';
            } catch (e) {
                log.textContent = `No ffmpeg log: ${e.message}`;
            }
        });
        return el('tr', {'data-job-id': job.id},
            el('td', {}, el('input', {type: 'checkbox', class: 'select', 'aria-label': `Select ${job.track_id}`,
                onchange: () => this.updateSelection()})),
            el('td', {},
                el('button', {type: 'button', class: 'open', 'aria-label': `Open job ${job.track_id}`,
                    onclick: () => this.onOpen(job.id)}, job.track_id),
                el('span', {class: 'id mono', text: job.id.slice(0, 8)})),
            el('td', {}, el('pre', {class: 'error'}), details),
            el('td', {class: 'when'}),
            el('td', {class: 'actions'},
                el('button', {type: 'button', class: 'retry', 'aria-label': `Retry ${job.track_id}`,
                    onclick: () => this.act('retry', [job.id])}, 'Retry'),
                el('button', {type: 'button', class: 'discard danger', 'aria-label': `Discard ${job.track_id}`,
                    onclick: () => this.act('discard', [job.id])}, 'Discard')));
    }

    selected() {
        return [...this.rows].filter(([, row]) => row.querySelector('input.select').checked).map(([id]) => id);
    }

    updateSelection() {
        const count = this.selected().length;
        this.retrySelected.disabled = count === 0;
        this.discardSelected.disabled = count === 0;
        this.selectAll.checked = count > 0 && count === this.rows.size;
        this.selectAll.indeterminate = count > 0 && count < this.rows.size;
    }

    /** Retries or discards the jobs one after the other, then says how many went and why any did not. */
    async act(action, ids) {
        if (ids.length === 0) return;
        if (action === 'discard' && !confirm(`Discard ${ids.length} failed job${ids.length > 1 ? 's' : ''} with `
            + 'their uploads, outputs and logs? This cannot be undone.')) return;
        const failures = [];
        for (const id of ids) {
            try {
                await api[action](id);
                this.rows.get(id)?.remove();
                this.rows.delete(id);
            } catch (e) {
                failures.push(`${id.slice(0, 8)}: ${e.message}`);
            }
        }
        const done = ids.length - failures.length;
        const verb = action === 'retry' ? 'queued again' : 'discarded';
        this.say(`${done} job${done === 1 ? '' : 's'} ${verb}.${failures.length ? ` Not ${verb}: ${failures.join('; ')}` : ''}`,
            failures.length > 0);
        this.onChange();
        this.load();
    }

    say(text, error) {
        this.status.textContent = text;
        this.status.classList.toggle('error', error);
    }
}
