// The REST API, always by relative URL: the console may live under a reverse proxy's path prefix.
const BASE = 'v1/stream/';

export class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

async function call(path, options = {}) {
    const response = await fetch(BASE + path, {headers: {Accept: 'application/json'}, ...options});
    if (!response.ok) {
        let message = `${response.status} ${response.statusText}`;
        try {
            const body = await response.json();
            if (body && body.message) message = body.message;
        } catch (ignored) {
            // not a JSON error body
        }
        throw new ApiError(response.status, message);
    }
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
}

export const api = {
    job: id => call(`job/${encodeURIComponent(id)}`),
    jobs: params => call(`jobs?${new URLSearchParams(params)}`),
    cancel: id => call(`job/${encodeURIComponent(id)}`, {method: 'DELETE'}),
    retry: id => call(`job/${encodeURIComponent(id)}/retry`, {method: 'POST'}),
    executions: id => call(`job/${encodeURIComponent(id)}/executions`),
    log: id => call(`job/${encodeURIComponent(id)}/log`, {headers: {Accept: 'text/plain'}}),
    eventsUrl: id => `${BASE}job/${encodeURIComponent(id)}/events`,
    manifestUrl: id => `${BASE}hls/${encodeURIComponent(id)}/index.m3u8`,

    /** Multipart upload through XMLHttpRequest, the one browser API that reports upload progress. */
    submit(formData, onProgress) {
        return new Promise((resolve, reject) => {
            const xhr = new XMLHttpRequest();
            xhr.open('POST', BASE + 'transcode');
            xhr.responseType = 'json';
            xhr.upload.addEventListener('progress', e => {
                if (e.lengthComputable) onProgress(100 * e.loaded / e.total);
            });
            xhr.addEventListener('load', () => {
                const body = xhr.response || {};
                if (xhr.status === 200) resolve(body);
                else reject(new ApiError(xhr.status, body.message || `upload failed (${xhr.status})`));
            });
            xhr.addEventListener('error', () => reject(new ApiError(0, 'the server could not be reached')));
            xhr.send(formData);
        });
    },
};

export const FINAL = new Set(['Completed', 'Failed', 'Cancelled']);
