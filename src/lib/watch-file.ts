import { watch, watchFile, unwatchFile, type FSWatcher, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileWatch {
  /** 'events' (inotify/FSEvents) or 'polling'. */
  mode: 'events' | 'polling';
  close(): void;
}

const POLL_INTERVAL_MS = 100;

/**
 * Calls onChange whenever the file at path may have changed: written,
 * replaced (editors save by renaming a temporary file over it), deleted or
 * created. Watches the folder through the OS's file events; where those are
 * unavailable (no inotify watches left, some network or container mounts), or
 * when CFDB_WATCH_POLL=1 asks for it, polls the file every 100 ms instead.
 * Calls may come in bursts: debounce them.
 */
export function watchPath(path: string, onChange: () => void): FileWatch {
  if (process.env.CFDB_WATCH_POLL !== '1') {
    try {
      return watchEvents(path, onChange);
    } catch {
      // fall through to polling
    }
  }
  return watchPolling(path, onChange);
}

function watchEvents(path: string, onChange: () => void): FileWatch {
  const name = basename(path);
  let fallback: FileWatch | undefined;
  const watcher: FSWatcher = watch(dirname(path), { persistent: true }, (_event, filename) => {
    // Some platforms omit the name; then any change in the folder may be ours.
    if (filename === null || filename === name) onChange();
  });
  // The folder itself went away or the watch broke: keep going by polling.
  watcher.on('error', () => {
    watcher.close();
    fallback ??= watchPolling(path, onChange);
    onChange();
  });
  return {
    get mode() {
      return fallback ? fallback.mode : 'events';
    },
    close() {
      watcher.close();
      fallback?.close();
    },
  };
}

function watchPolling(path: string, onChange: () => void): FileWatch {
  const listener = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) onChange();
  };
  watchFile(path, { interval: POLL_INTERVAL_MS, persistent: true }, listener);
  return { mode: 'polling', close: () => unwatchFile(path, listener) };
}
