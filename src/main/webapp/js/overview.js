// The overview: jobs by status, the queue by priority, and jobs and audio-hours finished over the last hour or day,
// from GET /v1/stream/stats and drawn with uPlot (served by the WAR); and the servers, from GET /v1/stream/servers.
import {api} from './api.js';
import {el, time} from './format.js';

const POLL = 5000;
const STATUSES = ['Pending', 'Processing', 'Completed', 'Failed', 'Cancelled'];
const PRIORITIES = ['urgent', 'normal', 'background'];
/** The API counts these as they are now, the others as they finished within the window. */
const LIVE = new Set(['Pending', 'Processing']);

export class Overview {
    constructor() {
        this.counts = document.getElementById('status-counts');
        this.queue = document.getElementById('queue-counts');
        this.chartBox = document.getElementById('finished-chart');
        this.summary = document.getElementById('finished-summary');
        this.status = document.getElementById('overview-status');
        this.servers = document.querySelector('#server-table tbody');
        this.window = 'hour';
        this.chart = null;
        for (const input of document.querySelectorAll('input[name=window]')) {
            input.addEventListener('change', () => {
                this.window = input.value;
                this.load();
            });
        }
        window.addEventListener('resize', () => this.chart?.setSize(this.size()));
    }

    async load() {
        clearTimeout(this.timer);
        try {
            const [stats, servers] = await Promise.all([api.stats(this.window), api.servers()]);
            this.render(stats);
            this.renderServers(servers);
            this.status.textContent = '';
        } catch (e) {
            this.status.textContent = `Cannot load the overview: ${e.message}`;
        }
        this.timer = setTimeout(() => this.load(), POLL);
    }

    render(stats) {
        this.counts.replaceChildren(...STATUSES.map(status => tile(
            LIVE.has(status) ? `${status} now` : `${status}, last ${stats.window}`, stats.jobs[status], {'data-status': status})));
        this.queue.replaceChildren(...PRIORITIES.map(priority => tile(priority, stats.queue[priority], {'data-priority': priority})),
            el('p', {class: 'hint', text: `of ${stats.queue_limit} accepted`}));
        const buckets = stats.finished;
        const data = [
            buckets.map(b => Date.parse(b.from) / 1000),
            buckets.map(b => b.completed),
            buckets.map(b => b.failed),
            buckets.map(b => b.audio_hours),
        ];
        const completed = buckets.reduce((sum, b) => sum + b.completed, 0);
        const failed = buckets.reduce((sum, b) => sum + b.failed, 0);
        const hours = buckets.reduce((sum, b) => sum + b.audio_hours, 0);
        this.summary.textContent = `${completed} completed, ${failed} failed, ${hours.toFixed(2)} h of audio in the last ${stats.window}`;
        Object.assign(this.chartBox.dataset, {window: stats.window, completed, failed});
        if (this.chart && this.chart.window === stats.window) {
            this.chart.setData(data);
        } else {
            this.chart?.destroy();
            this.chart = this.create(data, stats.bucket_seconds);
            this.chart.window = stats.window;
        }
    }

    renderServers(servers) {
        this.servers.replaceChildren(...servers.map(server => el('tr', {'data-instance': server.instance},
            el('td', {class: 'instance', text: server.instance}),
            el('td', {text: time(server.last_heartbeat)}),
            el('td', {class: 'slots', text: `${server.slots_in_use} of ${server.workers}`}),
            el('td', {class: 'held'}, ...server.jobs.map(id =>
                el('a', {href: `#job/${id}`, title: id, 'data-job': id, text: id.slice(0, 8)}))))));
    }

    size() {
        return {width: Math.max(280, this.chartBox.clientWidth), height: 200};
    }

    create(data, bucketSeconds) {
        const wide = window.uPlot.paths.bars({size: [0.7, 40], align: 1});
        const narrow = window.uPlot.paths.bars({size: [0.35, 20], align: 1});
        const hourly = bucketSeconds >= 3600;
        return new window.uPlot({
            ...this.size(),
            legend: {live: false},
            cursor: {points: {show: false}},
            // the last bucket's bar starts at its time, so the axis runs to that bucket's end
            scales: {
                x: {time: true, range: (u, min, max) => [min, max + bucketSeconds]},
                jobs: {range: (u, min, max) => [0, Math.max(4, max)]},
                hours: {range: (u, min, max) => [0, Math.max(0.1, max)]},
            },
            axes: [
                {space: 56, values: (u, splits) => splits.map(s => clock(s, hourly))},
                {scale: 'jobs', label: 'jobs', size: 48},
                {scale: 'hours', label: 'audio hours', side: 1, grid: {show: false}, size: 56},
            ],
            series: [
                {},
                {label: 'completed', scale: 'jobs', stroke: '#1b7f4b', fill: 'rgba(27,127,75,.55)', paths: wide, points: {show: false}},
                {label: 'failed', scale: 'jobs', stroke: '#b42318', fill: 'rgba(180,35,24,.75)', paths: narrow, points: {show: false}},
                {label: 'audio hours', scale: 'hours', stroke: '#2456d6', width: 2, points: {show: false}},
            ],
        }, data, this.chartBox);
    }
}

/** "14:05" for a bucket of the hour, "14h" for one of the day, in local time. */
function clock(seconds, hourly) {
    const date = new Date(seconds * 1000);
    const hours = String(date.getHours()).padStart(2, '0');
    return hourly ? `${hours}h` : `${hours}:${String(date.getMinutes()).padStart(2, '0')}`;
}

function tile(label, count, attributes) {
    return el('div', {class: 'tile', ...attributes},
        el('span', {class: 'count', text: String(count ?? 0)}),
        el('span', {class: 'label', text: label}));
}
