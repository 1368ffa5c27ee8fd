// A short sound and a buzz for each result, so the volunteer need not look at the screen.
// Web Audio oscillators: no audio files to fetch or cache.
let audio = null;

/** Call from a tap (Start camera): phones only let a page make sound after a user gesture. */
export function unlockSound() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  if (!audio) audio = new Context();
  if (audio.state === "suspended") audio.resume().catch(() => {});
}

const PATTERNS = {
  ok: { tones: [[880, 0.12]], vibrate: [80] },
  warning: { tones: [[520, 0.12], [520, 0.12]], vibrate: [80, 80, 80] },
  bad: { tones: [[200, 0.45]], vibrate: [400] },
};

export function signal(kind) {
  const pattern = PATTERNS[kind] || PATTERNS.bad;
  if (navigator.vibrate) {
    try {
      navigator.vibrate(pattern.vibrate);
    } catch {
      // Some browsers refuse vibration without a recent tap: sound and screen still say it.
    }
  }
  if (!audio || audio.state !== "running") return;
  let start = audio.currentTime;
  for (const [frequency, seconds] of pattern.tones) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = kind === "bad" ? "square" : "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + seconds);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + seconds);
    start += seconds + 0.08;
  }
}
