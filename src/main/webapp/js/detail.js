// One job in depth: its facts, probe data and loudness, batch executions, ffmpeg error, player, cancel and retry.
import {api, FINAL} from './api.js';
import {el, facts, pairs, percent, time} from './format.js';
import {Player} from './player.js';

const POLL = 1500;
const EXECUTIONS_POLL = 2000;
const RUNNING = new Set(['STARTING', 'STARTED', 'STOPPING']);

export class JobDetail {
    constructor({onChange, onClose}) {
        this.onChange = onChange;
        this.section = document.getElementById('detail');
        this.heading = document.getElementById('detail-heading');
        this.statusLine = document.getElementById('detail-status');
        this.cancelButton = document.getElementById('cancel-job');
        this.retryButton = document.getElementById('retry-job');
        this.player = new Player();
        this.id = null;
        this.job = null;

        this.cancelButton.addEventListener('click', () => this.act('cancel', 'Cancelling…'));
        this.retryButton.addEventListener('click', () => this.act('retry', 'Queued again.'));
        document.getElementById('close-detail').addEventListener('click', () => onClose());
        this.section.addEventListener('keydown', e => { if (e.key === 'Escape') onClose(); });
    }

    async open(id) {
        if (this.id !== id) {
            this.close();
            this.id = id;
            this.section.hidden = false;
            this.statusLine.textContent = '';
            this.statusLine.classList.remove('error');
        }
        try {
            this.show(await api.job(id));
        } catch (e) {
            this.fail(`Cannot load job: ${e.message}`);
            return;
        }
        this.heading.focus();
        this.follow();
    }

    close() {
        this.stopFollowing();
        clearTimeout(this.executionsTimer);
        this.player.unload();
        this.id = null;
        this.job = null;
        this.section.hidden = true;
    }

    /**
     * Live updates through the job's event stream, read with fetch so that it carries the bearer token; polling
     * when the stream breaks before the job's final state.
     */
    follow() {
        this.stopFollowing();
        if (!this.job || FINAL.has(this.job.status)) return;
        const id = this.id;
        const events = new AbortController();
        this.events = events;
        api.watch(id, job => { if (this.id === id) this.show(job); }, events.signal)
            .catch(() => null)
            .then(() => {
                if (this.events !== events || events.signal.aborted) return;
                this.events = null;
                if (this.id === id && !FINAL.has(this.job.status)) this.poll();
            });
    }

    poll() {
        clearTimeout(this.timer);
        const id = this.id;
        this.timer = setTimeout(async () => {
            if (this.id !== id) return;
            try {
                this.show(await api.job(id));
            } catch (e) {
                // transient: try again
            }
            if (this.id === id && !FINAL.has(this.job.status)) this.poll();
        }, POLL);
    }

    stopFollowing() {
        clearTimeout(this.timer);
        if (this.events) {
            this.events.abort();
            this.events = null;
        }
    }

    show(job) {
        const previous = this.job;
        this.job = job;
        this.onChange(job);
        this.section.dataset.status = job.status;
        this.heading.textContent = `Job ${job.track_id}`;
        facts(document.getElementById('job-facts'), [
            ['Id', job.id], ['Status', job.status], ['Progress', percent(job.progress)],
            ['Priority', job.priority], ['Owner', job.owner], ['Created', time(job.created_at)],
            ['Started', job.started_at && time(job.started_at)], ['Completed', job.completed_at && time(job.completed_at)],
            ['Output', job.output_expired ? (job.message || 'expired') : null],
            ['Server', job.instance],
        ]);
        this.showObject('source', job.source);
        this.showObject('loudness', job.loudness);
        loudnessBars(job.loudness);
        this.cancelButton.disabled = FINAL.has(job.status);
        this.retryButton.disabled = !(job.status === 'Failed' || job.status === 'Cancelled');

        if (job.status === 'Completed' && !job.output_expired) this.player.load(job); else this.player.unload();
        this.showFailure(job);
        if (!previous || previous.status !== job.status || FINAL.has(job.status)) this.loadExecutions();
        if (FINAL.has(job.status)) this.stopFollowing();
    }

    showObject(name, value) {
        const present = value && typeof value === 'object';
        document.getElementById(`${name}-heading`).hidden = !present;
        const list = document.getElementById(`${name}-facts`);
        list.hidden = !present;
        if (present) facts(list, pairs(value));
    }

    async showFailure(job) {
        const failure = document.getElementById('failure');
        failure.hidden = job.status !== 'Failed';
        if (failure.hidden) return;
        document.getElementById('failure-error').textContent = job.error || 'no error recorded';
        const log = document.getElementById('failure-log');
        try {
            log.textContent = await api.log(job.id);
        } catch (e) {
            log.textContent = `No ffmpeg log: ${e.message}`;
        }
    }

    /** Counts move while a batch execution runs, and a stop completes after the job is Cancelled: reread until settled. */
    async loadExecutions() {
        clearTimeout(this.executionsTimer);
        const box = document.getElementById('executions');
        const id = this.id;
        let executions;
        try {
            executions = await api.executions(id);
        } catch (e) {
            box.replaceChildren(el('p', {class: 'empty', text: `Cannot read the batch executions: ${e.message}`}));
            return;
        }
        if (this.id !== id) return;
        if (executions.some(e => RUNNING.has(e.batch_status)) || (!executions.length && !FINAL.has(this.job.status))) {
            this.executionsTimer = setTimeout(() => { if (this.id === id) this.loadExecutions(); }, EXECUTIONS_POLL);
        }
        if (!executions.length) {
            box.replaceChildren(el('p', {class: 'empty', text: 'The batch job has not started yet.'}));
            return;
        }
        box.replaceChildren(...executions.map(execution => el('div', {class: 'execution'},
            el('p', {class: 'exec-title', title: execution.exit_status ?? '',
                text: `Execution ${execution.execution_id} · ${execution.batch_status} · exit ${short(execution.exit_status)}`
                    + ` · ${time(execution.start_time)} → ${time(execution.end_time)}`}),
            stepTable(execution.steps || []))));
    }

    async act(action, message) {
        const id = this.id;
        this.statusLine.classList.remove('error');
        try {
            const job = await (action === 'cancel' ? api.cancel(id) : api.retry(id));
            this.statusLine.textContent = action === 'cancel' ? `Job ${job.status}.` : message;
            if (this.id === id) {
                this.show(job);
                this.follow();
            }
        } catch (e) {
            this.fail(`Cannot ${action}: ${e.message}`);
        }
    }

    fail(message) {
        this.statusLine.textContent = message;
        this.statusLine.classList.add('error');
    }
}

/** Source and output integrated loudness as bars on a -50 to 0 LUFS scale, the target marked in each. */
const FLOOR = -50;

function loudnessBars(loudness) {
    const box = document.getElementById('loudness-bars');
    box.hidden = !loudness || loudness.integrated_lufs == null;
    if (box.hidden) return;
    const target = loudness.target_lufs;
    const share = lufs => `${Math.max(0, Math.min(100, (lufs - FLOOR) / -FLOOR * 100)).toFixed(1)}%`;
    const bar = (label, lufs) => el('div', {class: 'lufs-row', 'data-lufs': lufs == null ? '' : String(lufs)},
        el('span', {class: 'lufs-label', text: label}),
        el('div', {class: 'lufs-track'},
            lufs == null ? null : el('div', {class: 'lufs-fill', style: `width: ${share(lufs)}`}),
            target == null ? null : el('div', {class: 'lufs-target', style: `left: ${share(target)}`, title: `target ${target} LUFS`})),
        el('span', {class: 'lufs-value mono', text: lufs == null ? 'not measured yet' : `${lufs.toFixed(1)} LUFS`}));
    box.replaceChildren(bar('Source', loudness.integrated_lufs), ...(target == null ? [] : [
        bar('Output', loudness.output?.integrated_lufs ?? null),
        el('p', {class: 'hint', text: `Target ${target} LUFS (the marked line); the scale runs from ${FLOOR} to 0 LUFS.`})]));
}

/** An exit status may be ffmpeg's whole error; the title shows it, the ffmpeg section shows it in full. */
function short(text) {
    if (!text) return '—';
    const line = String(text).split('\n')[0];
    return line.length > 48 ? `${line.slice(0, 47)}…` : line;
}

function stepTable(steps) {
    const columns = ['Step', 'Batch status', 'Exit status', 'Start', 'End', 'Reads', 'Writes', 'Commits', 'Rollbacks'];
    return el('table', {},
        el('thead', {}, el('tr', {}, ...columns.map(c => el('th', {scope: 'col', text: c})))),
        el('tbody', {}, ...steps.map(step => el('tr', {'data-step': step.name},
            el('td', {text: step.name}),
            el('td', {text: step.batch_status}),
            el('td', {text: short(step.exit_status), title: step.exit_status ?? ''}),
            el('td', {text: time(step.start_time)}),
            el('td', {text: time(step.end_time)}),
            el('td', {class: 'num read-count', text: String(step.read_count)}),
            el('td', {class: 'num write-count', text: String(step.write_count)}),
            el('td', {class: 'num commit-count', text: String(step.commit_count)}),
            el('td', {class: 'num', text: String(step.rollback_count)})))));
}
