import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// The built `twilio-token-server`, run as a real process: its own signals, sockets and exit status.
final class ServerProcess {
    /// The binary next to the test bundle; `swift test` builds it because the test target depends on the executable.
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("twilio-token-server")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/twilio-token-server")
    }()

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let process: Process
    private let errors: Pipe
    private let output: Pipe
    private let stderrText = LogBuffer()
    /// The port the server listens on, read from its log.
    let port: Int

    /// Starts the server with `arguments` and waits until it logs the port it listens on.
    init(_ arguments: [String], environment: [String: String] = [:]) async throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { mine, _ in mine }
        let errors = Pipe()
        let output = Pipe()
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        self.process = process
        self.errors = errors
        self.output = output
        let text = self.stderrText
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { text.append(String(decoding: data, as: UTF8.self)) }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        var port: Int?
        while port == nil, ContinuousClock.now < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
            port = Self.listeningPort(in: text.value)
        }
        guard let port else {
            process.terminate()
            throw Failure(description: "the server did not start: \(text.value)")
        }
        self.port = port
    }

    private static func listeningPort(in log: String) -> Int? {
        for line in log.split(separator: "\n") where line.hasSuffix("] listening") {
            if let range = line.range(of: "port=") {
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }
        }
        return nil
    }

    /// Everything the server has written to standard error so far.
    var log: String { self.stderrText.value }

    var isRunning: Bool { self.process.isRunning }

    var pid: Int32 { self.process.processIdentifier }

    func signal(_ signal: Int32) {
        kill(self.process.processIdentifier, signal)
    }

    /// Waits for the process to exit, up to `timeout`, and returns its status.
    func waitForExit(timeout: Duration = .seconds(20)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while self.process.isRunning {
            guard ContinuousClock.now < deadline else {
                self.process.terminate()
                throw Failure(description: "the server did not exit within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        self.errors.fileHandleForReading.readabilityHandler = nil
        return self.process.terminationStatus
    }

    deinit {
        if self.process.isRunning {
            self.process.terminate()
        }
    }
}

/// Runs a program to completion and collects both outputs; standard input is written while they are read, so neither
/// side can block on a full pipe.
enum Subprocess {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `executable` with `arguments`, `stdin` and a clean environment (`PATH` only, and `environment`).
    static func run(
        _ executable: URL, _ arguments: [String], stdin: String = "", environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin:/usr/local/bin"]) { mine, _ in mine }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let bytes = Data(stdin.utf8)
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: bytes)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Text appended from another thread.
final class LogBuffer: Sendable {
    private let text = Mutex<String>("")
    var value: String { self.text.withLock { $0 } }
    func append(_ more: String) { self.text.withLock { $0 += more } }
}

/// A raw HTTP/1.1 client over one TCP connection (SwiftNIO): it sends exactly the bytes a test gives it, so that
/// tests can hold connections half-open, trickle bytes, or reuse one connection across a reload.
struct RawConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(port: Int) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawConnection(channel: channel)
    }

    /// Sends `bytes`, then reads until a whole response (head and `Content-Length` body) arrived, the peer closed, or
    /// `timeout` passed; returns what arrived.
    func exchange(_ bytes: String?, timeout: Duration = .seconds(10)) async throws -> String {
        try await self.channel.executeThenClose { inbound, outbound in
            if let bytes { try await outbound.write(ByteBuffer(string: bytes)) }
            return try await Self.readResponse(inbound, timeout: timeout)
        }
    }

    /// Sends `bytes` and reads everything until the peer closes or `timeout` passes.
    func exchangeUntilClosed(_ bytes: String, timeout: Duration = .seconds(5)) async throws -> String {
        try await self.channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: bytes))
            return try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    var text = ""
                    for try await buffer in inbound { text += String(buffer: buffer) }
                    return text
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next().flatMap { $0 } ?? ""
            }
        }
    }

    static func readResponse(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, timeout: Duration) async throws
        -> String
    {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var text = ""
                for try await buffer in inbound {
                    text += String(buffer: buffer)
                    if Self.isComplete(text) { break }
                }
                return text
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next().flatMap { $0 } ?? ""
        }
    }

    static func isComplete(_ text: String) -> Bool {
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let lengthLine = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(lengthLine.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return true }
        return text[end.upperBound...].utf8.count >= length
    }
}

/// A one-request HTTP exchange on a fresh connection.
enum HTTP {
    static func request(
        port: Int, method: String = "GET", path: String, headers: [String: String] = [:], body: String = ""
    ) async throws -> (status: Int, headers: String, body: String) {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        let response = try await RawConnection.connect(port: port).exchange(text)
        return Self.parse(response)
    }

    static func parse(_ response: String) -> (status: Int, headers: String, body: String) {
        let status = Int(response.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
        guard let end = response.range(of: "\r\n\r\n") else { return (status, response, "") }
        return (status, String(response[..<end.lowerBound]), String(response[end.upperBound...]))
    }
}
