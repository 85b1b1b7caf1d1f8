// Wires the console: the overview, the upload form, the job table, the failed jobs, the webhooks and the job detail,
// with the open job in the URL's hash, and the sign-in that any refused call brings up.
import {api} from './api.js';
import {JobTable} from './jobs.js';
import {JobDetail} from './detail.js';
import {FailedJobs} from './failed.js';
import {Overview} from './overview.js';
import {SignIn} from './signin.js';
import {Webhooks} from './webhooks.js';

const overview = new Overview();

const table = new JobTable({onOpen: id => { location.hash = `job/${id}`; }});
const failed = new FailedJobs({onOpen: id => { location.hash = `job/${id}`; }, onChange: () => table.load()});
const webhooks = new Webhooks({onOpenJob: id => { location.hash = `job/${id}`; }});
const detail = new JobDetail({
    onChange: job => table.updateJob(job),
    onClose: () => {
        history.replaceState(null, '', location.pathname + location.search);
        route();
        document.getElementById('jobs-heading').focus();
    },
});

function route() {
    const match = /^#job\/([0-9a-fA-F-]{36})$/.exec(location.hash);
    if (match) {
        table.markSelected(match[1]);
        detail.open(match[1]);
    } else {
        table.markSelected(null);
        detail.close();
    }
}

const form = document.getElementById('upload-form');
const bar = document.getElementById('upload-progress');
const status = document.getElementById('upload-status');
const submit = document.getElementById('submit');

form.addEventListener('submit', async event => {
    event.preventDefault();
    const file = form.elements.file.files[0];
    status.classList.remove('error');
    if (!file) {
        status.textContent = 'Choose an audio file first.';
        status.classList.add('error');
        form.elements.file.focus();
        return;
    }
    const data = new FormData();
    for (const name of ['codec', 'quality_profile', 'bitrate', 'priority', 'track_id', 'renditions', 'loudness_target',
        'container']) {
        const value = form.elements[name].value.trim();
        if (value) data.append(name, value);
    }
    data.append('file', file, file.name);
    submit.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = `Uploading ${file.name}…`;
    try {
        const answer = await api.submit(data, pct => { bar.value = pct; });
        status.textContent = `Queued as job ${answer.job_id}.`;
        status.dataset.jobId = answer.job_id;
        table.remember(answer.job_id);
        form.reset();
        table.firstPage();
        location.hash = `job/${answer.job_id}`;
    } catch (e) {
        status.textContent = e.message;
        status.classList.add('error');
    } finally {
        submit.disabled = false;
        bar.hidden = true;
    }
});

function start() {
    overview.load();
    table.load();
    failed.load();
    webhooks.load();
    detail.close();
    route();
}

new SignIn({onSignedIn: start});
window.addEventListener('hashchange', route);
start();
