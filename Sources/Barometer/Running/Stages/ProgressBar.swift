import Foundation

/// A one-line bar on stderr while a stage runs: which stage of four, and the seconds it has
/// taken so far, redrawn a few times a second.
///
/// Only for people at a terminal: make one with `ifTerminal()`, which gives nil when stderr is
/// a file or a pipe (cron, CI), so logs there stay clean.
public final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?
    /// Whether the line holds a bar that `end()` must wipe.
    private var drawn = false

    private init() {}

    /// A bar when stderr is a terminal, else nil.
    public static func ifTerminal() -> ProgressBar? {
        isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
    }

    func begin(_ stage: StageName, index: Int, of count: Int) {
        let started = Date()
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 0.5, repeating: 0.2)
        timer.setEventHandler { [weak self] in
            let width = 20
            let filled = width * index / count
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let seconds = Date().timeIntervalSince(started)
            self?.draw("\r[\(bar)] \(index + 1)/\(count) \(stage.rawValue) \(String(format: "%.1f", seconds)) s\u{1B}[K")
        }
        lock.withLock { self.timer = timer }
        timer.resume()
    }

    func end() {
        lock.withLock {
            timer?.cancel()
            timer = nil
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }

    private func draw(_ text: String) {
        lock.withLock {
            // A tick that fires after end() must not redraw the finished stage.
            guard timer != nil else { return }
            FileHandle.standardError.write(Data(text.utf8))
            drawn = true
        }
    }
}
