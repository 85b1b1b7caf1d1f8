// Plays a completed job's HLS through hls.js (served by the WAR) and draws its waveform and level.
import {api} from './api.js';
import {duration} from './format.js';

export class Player {
    constructor() {
        this.section = document.getElementById('player');
        this.audio = document.getElementById('audio');
        this.button = document.getElementById('play');
        this.clock = document.getElementById('player-time');
        this.canvas = document.getElementById('scope');
        this.level = document.getElementById('level');
        this.hls = null;
        this.context = null;
        this.analyser = null;
        this.frame = null;

        this.button.addEventListener('click', () => this.toggle());
        this.audio.addEventListener('play', () => this.started());
        this.audio.addEventListener('pause', () => { this.button.textContent = 'Play'; });
        this.audio.addEventListener('ended', () => { this.button.textContent = 'Play'; });
        this.audio.addEventListener('timeupdate', () => {
            this.clock.textContent = `${duration(this.audio.currentTime)} / ${duration(this.audio.duration)}`;
        });
    }

    load(jobId) {
        if (this.jobId === jobId) return;
        this.unload();
        this.jobId = jobId;
        this.section.hidden = false;
        const url = api.manifestUrl(jobId);
        if (window.Hls && window.Hls.isSupported()) {
            this.hls = new window.Hls();
            this.hls.loadSource(url);
            this.hls.attachMedia(this.audio);
        } else {
            this.audio.src = url; // Safari plays HLS natively
        }
        this.clock.textContent = '0:00';
    }

    unload() {
        this.audio.pause();
        if (this.hls) {
            this.hls.destroy();
            this.hls = null;
        }
        this.audio.removeAttribute('src');
        this.jobId = null;
        this.section.hidden = true;
        cancelAnimationFrame(this.frame);
    }

    toggle() {
        if (this.audio.paused) {
            this.audio.play().catch(e => { this.clock.textContent = `Cannot play: ${e.message}`; });
        } else {
            this.audio.pause();
        }
    }

    /** The analyser needs a user gesture to start its AudioContext, so it is built on the first play. */
    started() {
        this.button.textContent = 'Pause';
        if (!this.context) {
            const Context = window.AudioContext || window.webkitAudioContext;
            if (!Context) return;
            this.context = new Context();
            this.analyser = this.context.createAnalyser();
            this.analyser.fftSize = 2048;
            this.context.createMediaElementSource(this.audio).connect(this.analyser);
            this.analyser.connect(this.context.destination);
        }
        if (this.context.state === 'suspended') this.context.resume();
        this.draw();
    }

    draw() {
        cancelAnimationFrame(this.frame);
        const samples = new Float32Array(this.analyser.fftSize);
        const g = this.canvas.getContext('2d');
        const render = () => {
            this.analyser.getFloatTimeDomainData(samples);
            const {width, height} = this.canvas;
            g.fillStyle = '#141a26';
            g.fillRect(0, 0, width, height);
            g.strokeStyle = 'rgba(255,255,255,.12)';
            g.beginPath();
            g.moveTo(0, height / 2);
            g.lineTo(width, height / 2);
            g.stroke();
            g.strokeStyle = '#4f7cff';
            g.lineWidth = 2;
            g.beginPath();
            let sum = 0;
            for (let i = 0; i < samples.length; i++) {
                const x = i / (samples.length - 1) * width;
                const y = (1 - samples[i]) * height / 2;
                if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
                sum += samples[i] * samples[i];
            }
            g.stroke();
            const rms = Math.sqrt(sum / samples.length);
            const dbfs = rms > 0 ? 20 * Math.log10(rms) : -90;
            const share = Math.max(0, Math.min(1, (dbfs + 60) / 60));
            this.level.style.width = `${share * 100}%`;
            this.canvas.dataset.level = dbfs.toFixed(1);
            if (!this.audio.paused) this.frame = requestAnimationFrame(render);
        };
        render();
    }
}
