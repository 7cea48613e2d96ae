#if Hummingbird
import HTTPTypes
import Hummingbird
import NIOCore
import TwilioTokenService

/// A refusal as an HTTP response: `{"error":{"code":…,"message":…}}` (the outer shape of twilio-labs/plugin-rtc's
/// token server errors, https://github.com/twilio-labs/plugin-rtc#token-server-api), with `WWW-Authenticate` on 401
/// (RFC 6750 §3) and `Retry-After` on 429 (RFC 6585 §4).
struct ServiceErrorResponse: HTTPResponseError {
    let error: ServiceError

    init(_ error: ServiceError) {
        self.error = error
    }

    var status: HTTPResponse.Status { HTTPResponse.Status(code: self.error.status) }

    var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        if self.error.status == 401 {
            headers[.wwwAuthenticate] =
                self.error.code == .missingCredentials
                ? #"Bearer realm="twilio-token-server""#
                : #"Bearer realm="twilio-token-server", error="invalid_token""#
        }
        if let retryAfter = self.error.retryAfter {
            headers[.retryAfter] = String(retryAfter)
        }
        return headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = JSONText.object([
            ("error", .object([("code", .string(self.error.code.rawValue)), ("message", .string(self.error.message))]))
        ])
        return Response(status: self.status, headers: self.headers, body: .init(byteBuffer: body))
    }
}

/// The rest of the middleware chain's response, or the response of the `HTTPResponseError` it threw, so that a
/// middleware adding headers adds them to refusals too.
func respondRenderingErrors<Context: RequestContext>(
    _ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response
) async throws -> Response {
    do {
        return try await next(request, context)
    } catch let error as any HTTPResponseError {
        return try error.response(from: request, context: context)
    }
}

/// A request's whole body, up to `limit` bytes: 413 `body_too_large` when its `Content-Length` says more or when more
/// arrives.
func collectBody(_ request: Request, limit: Int) async throws -> ByteBuffer {
    let tooLarge = ServiceErrorResponse(
        ServiceError(status: 413, code: .bodyTooLarge, "the body is larger than \(limit) bytes"))
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
        throw tooLarge
    }
    do {
        return try await request.body.collect(upTo: limit)
    } catch is NIOTooManyBytesError {
        throw tooLarge
    }
}

/// The few JSON texts the routes write, built directly into the response's bytes: members in a fixed order, strings
/// escaped as RFC 8259 §7 requires (quotation mark, reverse solidus and control characters; everything else, UTF-8
/// included, as it is). A token, which is base64url and dots, is copied in one piece.
enum JSONText {
    enum Value {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case object([(String, Value)])
    }

    static func object(_ members: [(String, Value)]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(
            128
                + members.reduce(0) { total, member in
                    if case .string(let text) = member.1 { return total + text.utf8.count }
                    return total
                })
        self.write(.object(members), to: &buffer)
        return buffer
    }

    private static func write(_ value: Value, to buffer: inout ByteBuffer) {
        switch value {
        case .string(let string):
            self.write(string: string, to: &buffer)
        case .integer(let integer):
            buffer.writeString(String(integer))
        case .boolean(let boolean):
            buffer.writeStaticString(boolean ? "true" : "false")
        case .object(let members):
            buffer.writeInteger(UInt8(ascii: "{"))
            for (index, (name, member)) in members.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                self.write(string: name, to: &buffer)
                buffer.writeInteger(UInt8(ascii: ":"))
                self.write(member, to: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "}"))
        }
    }

    private static func write(string: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        let utf8 = string.utf8
        if !utf8.contains(where: Self.needsEscape) {
            buffer.writeString(string)
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString(#"\""#)
                case UInt8(ascii: "\\"): buffer.writeStaticString(#"\\"#)
                case UInt8(ascii: "\n"): buffer.writeStaticString(#"\n"#)
                case UInt8(ascii: "\r"): buffer.writeStaticString(#"\r"#)
                case UInt8(ascii: "\t"): buffer.writeStaticString(#"\t"#)
                case 0..<0x20:
                    buffer.writeStaticString(#"\u00"#)
                    buffer.writeInteger(Self.hexDigits[Int(byte >> 4)])
                    buffer.writeInteger(Self.hexDigits[Int(byte & 0xF)])
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
#endif
