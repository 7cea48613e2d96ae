import Foundation

/// Runs a program to completion, feeding `stdin` and collecting both outputs. Writing and reading happen
/// concurrently, so neither side can block on a full pipe.
enum Subprocess {
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    static func run(
        _ executable: URL,
        _ arguments: [String],
        stdin: Data = Data(),
        environment: [String: String]? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}
