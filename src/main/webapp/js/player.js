// Plays a completed job's HLS through hls.js and draws its waveform with wavesurfer.js (both served by the WAR):
// the encode's peaks, a playhead, click-to-seek; a ladder's renditions with a level selector; the live level meter.
import {api} from './api.js';
import {duration, el} from './format.js';

const RENDITION = /^(?:(aac|mp3|opus|flac)_)?(hi_res|high|medium|low)$/;

export class Player {
    constructor() {
        this.section = document.getElementById('player');
        this.audio = document.getElementById('audio');
        this.button = document.getElementById('play');
        this.clock = document.getElementById('player-time');
        this.waveform = document.getElementById('waveform');
        this.levels = document.getElementById('rendition');
        this.levelsBox = document.getElementById('ladder');
        this.canvas = document.getElementById('scope');
        this.level = document.getElementById('level');
        this.hls = null;
        this.wave = null;
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
        this.levels.addEventListener('change', () => {
            if (this.hls) this.hls.currentLevel = Number(this.levels.value);
        });
    }

    /**
     * The waveform is drawn before hls.js attaches: wavesurfer.js then shares the audio element without ever
     * touching its source, which hls.js owns.
     */
    async load(job) {
        if (this.jobId === job.id) return;
        this.unload();
        const id = job.id;
        this.jobId = id;
        this.section.hidden = false;
        this.clock.textContent = '0:00';
        const peaks = await api.peaks(id).catch(e => {
            this.waveform.dataset.missing = e.message;
            return null;
        });
        if (this.jobId !== id) return;
        if (peaks) await this.drawWaveform(peaks);
        if (this.jobId !== id) return;
        const url = api.playlistUrl(job);
        if (window.Hls && window.Hls.isSupported()) {
            this.hls = new window.Hls();
            this.hls.on(window.Hls.Events.MANIFEST_PARSED, (event, data) => this.showRenditions(data.levels));
            this.hls.on(window.Hls.Events.LEVEL_SWITCHED, (event, data) => {
                this.levelsBox.dataset.playing = name(this.hls.levels[data.level]);
            });
            this.hls.loadSource(url);
            this.hls.attachMedia(this.audio);
        } else {
            this.audio.src = url; // Safari plays HLS natively
        }
    }

    unload() {
        this.audio.pause();
        if (this.wave) {
            this.wave.destroy();
            this.wave = null;
        }
        if (this.hls) {
            this.hls.destroy();
            this.hls = null;
        }
        this.audio.removeAttribute('src');
        this.jobId = null;
        this.section.hidden = true;
        this.waveform.hidden = true;
        delete this.waveform.dataset.drawn;
        delete this.waveform.dataset.missing;
        this.levelsBox.hidden = true;
        delete this.levelsBox.dataset.playing;
        cancelAnimationFrame(this.frame);
    }

    /** Peaks in audiowaveform's JSON (version 2): per pixel, a min and a max per channel, as 8- or 16-bit integers. */
    async drawWaveform(peaks) {
        const full = peaks.bits === 8 ? 128 : 32768;
        const stride = 2 * peaks.channels;
        const top = new Float32Array(peaks.length);
        const bottom = new Float32Array(peaks.length);
        for (let i = 0; i < peaks.length; i++) {
            for (let c = 0; c < peaks.channels; c++) {
                bottom[i] = Math.min(bottom[i], peaks.data[i * stride + 2 * c] / full);
                top[i] = Math.max(top[i], peaks.data[i * stride + 2 * c + 1] / full);
            }
        }
        const seconds = peaks.length * peaks.samples_per_pixel / peaks.sample_rate;
        this.waveform.hidden = false;
        this.wave = window.WaveSurfer.create({
            container: this.waveform, media: this.audio, peaks: [top, bottom], duration: seconds,
            height: 96, waveColor: '#9db4f0', progressColor: '#2456d6', cursorColor: '#f0a500', cursorWidth: 2,
            normalize: false, dragToSeek: true,
        });
        await new Promise(resolve => this.wave.once('ready', resolve));
        this.waveform.dataset.drawn = seconds.toFixed(3);
    }

    /** A ladder's variants as the master playlist describes them, and a selector that switches between them. */
    showRenditions(levels) {
        const ladder = levels.filter(level => RENDITION.test(name(level)));
        this.levelsBox.hidden = ladder.length < 2;
        if (this.levelsBox.hidden) return;
        this.levels.replaceChildren(el('option', {value: '-1', text: 'Auto'}),
            ...levels.map((level, index) => el('option', {value: String(index), text: name(level)})));
        document.querySelector('#rendition-table tbody').replaceChildren(...levels.map(level => {
            const [, codec, profile] = RENDITION.exec(name(level)) || [];
            return el('tr', {'data-rendition': name(level)},
                el('td', {text: name(level)}),
                el('td', {text: codecName(level.audioCodec || level.attrs?.CODECS, codec)}),
                el('td', {text: profile || '—'}),
                el('td', {class: 'num', text: kbit(level.bitrate)}),
                el('td', {class: 'num', text: kbit(Number(level.attrs?.['AVERAGE-BANDWIDTH']))}));
        }));
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

/** A variant's rendition name, from its playlist's file name: "aac_high" from .../aac_high.m3u8?token=… */
function name(level) {
    const file = new URL(level?.uri || '', location.href).pathname.split('/').pop();
    return file.replace(/\.m3u8$/, '');
}

const CODECS = [[/^mp4a\.40\.(2|5|29)/, 'AAC'], [/^(mp4a\.40\.34|mp4a\.6b|mp3)/i, 'MP3'], [/^opus/i, 'Opus'], [/^flac/i, 'FLAC']];

function codecName(rfc6381, fromName) {
    const match = CODECS.find(([pattern]) => pattern.test(rfc6381 || ''));
    return match ? `${match[1]} (${rfc6381})` : (fromName || rfc6381 || '—');
}

function kbit(bits) {
    return Number.isFinite(bits) && bits > 0 ? `${Math.round(bits / 1000)} kbit/s` : '—';
}
