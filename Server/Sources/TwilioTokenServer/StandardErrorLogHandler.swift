import Foundation
import Logging
import Synchronization

/// Log lines on standard error, one per event, in swift-log's `StreamLogHandler` layout:
/// `2026-12-07T02:19:17+0000 info twilio-token-server: key=value … [module] message`.
///
/// Unlike `StreamLogHandler`, which renders its metadata again each time a key is set (Hummingbird sets a request ID
/// on every request's logger), this one renders only when a line is written, so requests below the log level cost
/// nothing here.
struct StandardErrorLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        var line = "\(Self.timestamp()) \(event.level) \(self.label):"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        line += " [\(event.source)] \(event.message)\n"
        Self.output.withLock { handle in
            handle.write(Data(line.utf8))
        }
    }

    private static let output = Mutex(FileHandle.standardError)

    private static func timestamp() -> String {
        Date.now.formatted(.iso8601)
    }
}
