// Sign-in when the server requires a bearer token (STREAM_AUTH_ENABLED): a pasted JWT, kept in sessionStorage only.
// The token's claims are read here for display and for a clear reason when it has expired; the server verifies it.
import {api, session} from './api.js';
import {time} from './format.js';

/** The claims of a JWT, or null when the text is not one. */
export function claims(token) {
    const parts = (token || '').split('.');
    if (parts.length !== 3) return null;
    try {
        const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
        const value = JSON.parse(json);
        return value && typeof value === 'object' ? value : null;
    } catch (e) {
        return null;
    }
}

function expiry(token) {
    const exp = claims(token)?.exp;
    return typeof exp === 'number' && exp * 1000 <= Date.now() ? new Date(exp * 1000).toISOString() : null;
}

export class SignIn {
    constructor({onSignedIn}) {
        this.onSignedIn = onSignedIn;
        this.dialog = document.getElementById('sign-in');
        this.form = document.getElementById('sign-in-form');
        this.input = document.getElementById('token');
        this.reason = document.getElementById('sign-in-reason');
        this.who = document.getElementById('who');
        this.signOutButton = document.getElementById('sign-out');

        this.form.addEventListener('submit', event => {
            event.preventDefault();
            this.submit(this.input.value.trim());
        });
        this.signOutButton.addEventListener('click', () => {
            session.signOut();
            this.showWho();
            this.ask('Signed out.');
        });
        // any call refused with 401 brings the sign-in back, saying why; while it is open, the refusals of the
        // views' polling leave the reason and what is being typed alone
        window.addEventListener('unauthorized', event => {
            const token = session.token();
            if (!token) {
                if (!this.dialog.open) this.ask(`This server requires sign-in: ${event.detail}`);
                return;
            }
            session.signOut();
            this.showWho();
            const expired = expiry(token);
            this.ask(expired ? `Your token expired at ${time(expired)}. Paste a new one.`
                : `The server refused your token: ${event.detail}`);
        });
        this.showWho();
    }

    ask(reason) {
        this.reason.textContent = reason;
        this.input.value = '';
        if (!this.dialog.open) this.dialog.showModal();
        this.input.focus();
    }

    async submit(token) {
        if (!claims(token)) {
            this.reason.textContent = 'That is not a JWT: three base64url parts separated by dots.';
            return;
        }
        const expired = expiry(token);
        if (expired) {
            this.reason.textContent = `This token expired at ${time(expired)}.`;
            return;
        }
        session.signIn(token);
        try {
            await api.stats('hour');
        } catch (e) {
            if (session.token() === null) return; // refused: the unauthorized event has shown why
            this.reason.textContent = `Cannot check the token: ${e.message}`;
            return;
        }
        this.dialog.close();
        this.showWho();
        this.onSignedIn();
    }

    showWho() {
        const token = session.token();
        const who = token && claims(token);
        this.signOutButton.hidden = !who;
        this.who.textContent = who ? `${who.sub}${(who.groups || []).includes('admin') ? ' · admin' : ''}` : '';
    }
}
