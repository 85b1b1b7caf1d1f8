// The job table: filters, cursor pagination, and progress kept live by polling while any shown job runs.
import {api, ApiError, FINAL} from './api.js';
import {badge, el, keepRows, progressBar, time} from './format.js';

const PAGE_SIZE = 10;
const FAST_POLL = 1500;
const SLOW_POLL = 8000;
const KNOWN = 'stream-console.jobs';

export class JobTable {
    constructor({onOpen}) {
        this.onOpen = onOpen;
        this.body = document.querySelector('#job-table tbody');
        this.empty = document.getElementById('jobs-empty');
        this.status = document.getElementById('filter-status');
        this.priority = document.getElementById('filter-priority');
        this.prev = document.getElementById('prev-page');
        this.next = document.getElementById('next-page');
        this.pageLabel = document.getElementById('page-label');
        this.cursors = [null];
        this.nextCursor = null;
        this.rows = new Map();
        this.selected = null;
        this.timer = null;

        for (const filter of [this.status, this.priority]) {
            filter.addEventListener('change', () => this.firstPage());
        }
        document.getElementById('refresh').addEventListener('click', () => this.load());
        this.prev.addEventListener('click', () => {
            if (this.cursors.length > 1) {
                this.cursors.pop();
                this.load();
            }
        });
        this.next.addEventListener('click', () => {
            if (this.nextCursor) {
                this.cursors.push(this.nextCursor);
                this.load();
            }
        });
    }

    firstPage() {
        this.cursors = [null];
        this.load();
    }

    /** Remembers a job submitted from this browser, for servers without the job list. */
    remember(id) {
        const known = JSON.parse(localStorage.getItem(KNOWN) || '[]').filter(k => k !== id);
        known.unshift(id);
        localStorage.setItem(KNOWN, JSON.stringify(known.slice(0, 200)));
    }

    async fetchPage() {
        const params = {limit: PAGE_SIZE};
        if (this.status.value) params.status = this.status.value;
        if (this.priority.value) params.priority = this.priority.value;
        const cursor = this.cursors[this.cursors.length - 1];
        if (cursor) params.cursor = cursor;
        try {
            return await api.jobs(params);
        } catch (e) {
            if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 405)) throw e;
            return this.fetchKnown(params);
        }
    }

    /** Without GET /jobs the table shows the jobs this browser submitted, filtered and paged here. */
    async fetchKnown(params) {
        const ids = JSON.parse(localStorage.getItem(KNOWN) || '[]');
        const jobs = (await Promise.all(ids.map(id => api.job(id).catch(() => null))))
            .filter(job => job && (!params.status || job.status === params.status)
                && (!params.priority || !job.priority || job.priority === params.priority));
        const start = Number(params.cursor || 0);
        const end = start + PAGE_SIZE;
        return {jobs: jobs.slice(start, end), next_cursor: end < jobs.length ? String(end) : null};
    }

    async load() {
        clearTimeout(this.timer);
        let page;
        try {
            page = await this.fetchPage();
        } catch (e) {
            this.pageLabel.textContent = `Cannot load jobs: ${e.message}`;
            this.schedule(SLOW_POLL);
            return;
        }
        this.nextCursor = page.next_cursor || null;
        this.render(page.jobs || []);
        this.prev.disabled = this.cursors.length <= 1;
        this.next.disabled = !this.nextCursor;
        this.pageLabel.textContent = `Page ${this.cursors.length}`;
        this.schedule(page.jobs.some(job => !FINAL.has(job.status)) ? FAST_POLL : SLOW_POLL);
    }

    schedule(delay) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.load(), delay);
    }

    /** Rows are kept per job id and updated in place, so focus and selection survive each refresh. */
    render(jobs) {
        keepRows(this.body, this.rows, jobs, job => this.createRow(job), (row, job) => this.update(row, job));
        this.empty.hidden = jobs.length > 0;
        this.markSelected(this.selected);
    }

    createRow(job) {
        const open = el('button', {type: 'button', class: 'open', 'aria-label': `Open job ${job.track_id}`,
            onclick: () => this.onOpen(job.id)}, job.track_id);
        return el('tr', {'data-job-id': job.id},
            el('td', {}, open, el('span', {class: 'id mono', text: job.id.slice(0, 8)})),
            el('td', {class: 'status'}),
            el('td', {class: 'priority'}),
            el('td', {class: 'progress'}),
            el('td', {class: 'created', text: time(job.created_at)}));
    }

    update(row, job) {
        row.dataset.status = job.status;
        row.querySelector('.status').replaceChildren(badge(job.status));
        row.querySelector('.priority').textContent = job.priority || '—';
        row.querySelector('.progress').replaceChildren(progressBar(job));
    }

    /** Updates a job's row from outside, e.g. from the detail view's event stream. */
    updateJob(job) {
        const row = this.rows.get(job.id);
        if (row) this.update(row, job);
    }

    markSelected(id) {
        this.selected = id;
        for (const [rowId, row] of this.rows) row.classList.toggle('selected', rowId === id);
    }
}
