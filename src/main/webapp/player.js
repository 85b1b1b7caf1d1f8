// Plays the HLS stream named by ?src= (this server's own HLS paths only) and records what happens,
// so that a person sees it and a test can read window.playerErrors.
(function () {
    'use strict';
    var audio = document.getElementById('audio');
    var state = document.getElementById('state');
    var src = new URLSearchParams(window.location.search).get('src') || '';
    window.playerErrors = [];

    function fail(message) {
        window.playerErrors.push(message);
        state.textContent = 'error: ' + message;
    }

    if (!/^\/v1\/stream\/hls\/[0-9a-fA-F-]{36}\/[A-Za-z0-9_]+\.m3u8$/.test(src)) {
        fail('src must be a playlist path of this server, such as /v1/stream/hls/{job}/index.m3u8');
        return;
    }
    audio.addEventListener('timeupdate', function () {
        state.textContent = 'playing ' + audio.currentTime.toFixed(1) + ' s';
    });
    audio.addEventListener('error', function () {
        fail('media error ' + (audio.error ? audio.error.code : ''));
    });
    if (window.Hls && window.Hls.isSupported()) {
        var hls = new window.Hls();
        hls.on(window.Hls.Events.ERROR, function (event, data) {
            fail('hls.js ' + data.type + ' ' + data.details + (data.fatal ? ' (fatal)' : ''));
        });
        hls.on(window.Hls.Events.MANIFEST_PARSED, play);
        hls.loadSource(src);
        hls.attachMedia(audio);
        window.hls = hls;
    } else {
        audio.src = src;
        play();
    }

    function play() {
        audio.play().catch(function (e) {
            fail('play() refused: ' + e.message);
        });
    }
}());
