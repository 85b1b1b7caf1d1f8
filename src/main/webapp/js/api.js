// The REST API, always by relative URL: the console may live under a reverse proxy's path prefix. With a bearer
// token signed in, every call carries it; a 401 answer announces itself as an "unauthorized" event on window.
const BASE = 'v1/stream/';
const TOKEN = 'stream-console.token';

export class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

/** The bearer token lives in sessionStorage only: it leaves with the tab, and no other tab or later visit sees it. */
export const session = {
    token: () => sessionStorage.getItem(TOKEN),
    signIn: token => sessionStorage.setItem(TOKEN, token),
    signOut: () => sessionStorage.removeItem(TOKEN),
};

function headers(extra = {}) {
    const token = session.token();
    return token ? {...extra, Authorization: `Bearer ${token}`} : extra;
}

function refused(status, message) {
    if (status === 401) window.dispatchEvent(new CustomEvent('unauthorized', {detail: message}));
    return new ApiError(status, message);
}

async function failure(response) {
    let message = `${response.status} ${response.statusText}`;
    try {
        const body = await response.json();
        if (body && body.message) message = body.message;
    } catch (ignored) {
        // not a JSON error body
    }
    return refused(response.status, message);
}

async function call(path, {headers: extra, ...options} = {}) {
    const response = await fetch(BASE + path, {...options, headers: headers({Accept: 'application/json', ...extra})});
    if (!response.ok) throw await failure(response);
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
}

/**
 * Reads a Server-Sent Events stream through fetch rather than EventSource, because EventSource cannot send the
 * Authorization header; calls onEvent(name, data) per event and resolves when the server ends the stream.
 */
async function events(path, onEvent, signal) {
    const response = await fetch(BASE + path, {headers: headers({Accept: 'text/event-stream'}), signal});
    if (!response.ok) throw await failure(response);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
        const {value, done} = await reader.read();
        if (done) return;
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const name = lines.find(line => line.startsWith('event:'))?.slice(6).trim() || 'message';
            const data = lines.filter(line => line.startsWith('data:')).map(line => line.slice(5).replace(/^ /, ''));
            if (data.length) onEvent(name, data.join('\n'));
        }
    }
}

const jobPath = id => `job/${encodeURIComponent(id)}`;
const hookPath = id => `webhooks/${encodeURIComponent(id)}`;

export const api = {
    job: id => call(jobPath(id)),
    jobs: params => call(`jobs?${new URLSearchParams(params)}`),
    stats: window => call(`stats?${new URLSearchParams({window})}`),
    servers: () => call('servers'),
    cancel: id => call(jobPath(id), {method: 'DELETE'}),
    retry: id => call(`${jobPath(id)}/retry`, {method: 'POST'}),
    discard: id => call(`${jobPath(id)}/discard`, {method: 'POST'}),
    executions: id => call(`${jobPath(id)}/executions`),
    log: id => call(`${jobPath(id)}/log`, {headers: {Accept: 'text/plain'}}),
    peaks: id => call(`${jobPath(id)}/peaks.json`),
    webhooks: () => call('webhooks'),
    /** 201 with the endpoint and its secret, which no later answer shows again. */
    registerWebhook: (url, events) => call('webhooks', {
        method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({url, events}),
    }),
    removeWebhook: id => call(hookPath(id), {method: 'DELETE'}),
    deliveries: id => call(`${hookPath(id)}/deliveries`),
    redeliver: (id, delivery) => call(`${hookPath(id)}/deliveries/${encodeURIComponent(delivery)}/redeliver`, {method: 'POST'}),
    /** Calls onJob with each state the job's event stream sends, until its final state or the signal aborts. */
    watch: (id, onJob, signal) => events(`${jobPath(id)}/events`, (name, data) => {
        if (name === 'job') onJob(JSON.parse(data));
    }, signal),

    /** The job's playlist by relative URL, with the signed token of its hls_url when authentication is on. */
    playlistUrl(job) {
        const signed = job.hls_url ? new URL(job.hls_url, location.href).search : '';
        return `${BASE}hls/${encodeURIComponent(job.id)}/index.m3u8${signed}`;
    },

    /** Multipart upload through XMLHttpRequest, the one browser API that reports upload progress. */
    submit(formData, onProgress) {
        return new Promise((resolve, reject) => {
            const xhr = new XMLHttpRequest();
            xhr.open('POST', BASE + 'transcode');
            for (const [name, value] of Object.entries(headers())) xhr.setRequestHeader(name, value);
            xhr.responseType = 'json';
            xhr.upload.addEventListener('progress', e => {
                if (e.lengthComputable) onProgress(100 * e.loaded / e.total);
            });
            xhr.addEventListener('load', () => {
                const body = xhr.response || {};
                if (xhr.status === 200) resolve(body);
                else reject(refused(xhr.status, body.message || `upload failed (${xhr.status})`));
            });
            xhr.addEventListener('error', () => reject(new ApiError(0, 'the server could not be reached')));
            xhr.send(formData);
        });
    },
};

export const FINAL = new Set(['Completed', 'Failed', 'Cancelled']);
