import Foundation

/// `twilio-token-send REQUEST-FILE`: the HTTP half of `twilio-token webhook send`, which signs a request, writes it
/// to a file and runs this program in its place (`WebhookSender` in the tool says why they are two programs).
///
/// It reads and deletes the file, posts the request with URLSession (``WebhookHTTP``), and prints the HTTP status on
/// the first line and then the body. Exit status 0 for a 2xx answer, 1 for any other or when the server cannot be
/// reached, 64 when it is not run by `twilio-token`.
@main
enum TwilioTokenSend {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count == 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
            Self.fail("twilio-token-send is run by `twilio-token webhook send`, not by itself", status: 64)
        }
        try? FileManager.default.removeItem(atPath: arguments[1])
        guard let request = Request(Array(data)), let url = URL(string: request.url) else {
            Self.fail("twilio-token-send: the request file is not one twilio-token wrote", status: 64)
        }
        let answer: WebhookHTTP.Answer
        do {
            answer = try await WebhookHTTP.post(
                url, headers: request.headers, body: request.body, timeout: request.timeout)
        } catch {
            Self.fail(error.message, status: error.status)
        }
        var output = Data("\(answer.status)\n".utf8)
        output.append(contentsOf: answer.body)
        if let last = answer.body.last, last != UInt8(ascii: "\n") { output.append(UInt8(ascii: "\n")) }
        FileHandle.standardOutput.write(output)
        if (300..<400).contains(answer.status), let location = answer.location {
            FileHandle.standardError.write(
                Data(
                    ("twilio-token: note: not following the redirect to \(Self.printable(location)): the signature "
                        + "covers only the URL it was made for\n").utf8))
        }
        exit((200..<300).contains(answer.status) ? 0 : 1)
    }

    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("twilio-token: error: \(message)\n".utf8))
        exit(status)
    }

    /// `text` with anything but printable ASCII shown as '?', so that a server's header cannot drive the terminal.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}

/// The request `twilio-token` wrote: fields, each its length in decimal, a line feed and its bytes.
struct Request {
    let url: String
    let timeout: Int
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    init?(_ bytes: [UInt8]) {
        var fields: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            guard let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")),
                let count = Int(String(decoding: bytes[index..<newline], as: UTF8.self)), count >= 0,
                newline + 1 + count <= bytes.count
            else { return nil }
            fields.append(Array(bytes[(newline + 1)..<(newline + 1 + count)]))
            index = newline + 1 + count
        }
        guard fields.count >= 4, let timeout = Int(String(decoding: fields[1], as: UTF8.self)),
            let headerCount = Int(String(decoding: fields[2], as: UTF8.self)), headerCount >= 0,
            fields.count == 4 + 2 * headerCount
        else { return nil }
        self.url = String(decoding: fields[0], as: UTF8.self)
        self.timeout = timeout
        self.headers = (0..<headerCount).map { number in
            (
                String(decoding: fields[3 + 2 * number], as: UTF8.self),
                String(decoding: fields[4 + 2 * number], as: UTF8.self)
            )
        }
        self.body = fields[fields.count - 1]
    }
}

/// A failure to send: a message and the exit status.
struct SendError: Error {
    let message: String
    let status: Int32

    static func failure(_ message: String) -> SendError {
        SendError(message: message, status: 1)
    }
}
