import TwilioJWTTestSupport

@testable import TwilioJWT

/// Random HTTP requests for the PKCV differential tests, with the pieces that break canonicalisation: percent-
/// escapes and non-ASCII in paths, `&`-separated parameters in random order (duplicates and empty ones too),
/// header names in mixed case, repeated (multi-valued) headers, missing signed headers, and bodies that are
/// empty, binary or non-ASCII text.
struct RandomRequests {
    var random: RandomSpecs

    init(seed: UInt64) {
        self.random = RandomSpecs(seed: seed)
    }

    static let pathPieces = [
        "a", "Z", "0", "9", "-", ".", "_", "~", "%2F", "%41", "%e2%82%ac", "%20", "é", "中文", "🚀", "!", "$", "&",
        "'", "(", ")", "*", "+", ",", ";", "=", ":", "@", "Messages.json", "2010-04-01", "Accounts",
    ]
    static let queryPieces = [
        "a", "B", "z", "0", "%20", "+", "%2B", "é", "🚀", "-", "_", ".", "~", "%26", "?", "/", ":", "@", "!", "*",
        "PageSize", "Page", "To", "e\u{301}",
    ]
    static let valuePieces = [
        "a", "Z", "0", " ", "\t", ",", ";", ":", "=", "\"", "\\", "/", "é", "e\u{301}", "中", "😀", "Basic",
        "application/json",
        "text/plain; charset=utf-8", "%41",
    ]

    mutating func method() -> String {
        self.random.pick(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "M-SEARCH", "get", "X_Custom.1"])
    }

    mutating func joined(_ pieces: [String], count: ClosedRange<Int>) -> String {
        (0..<self.random.int(count)).map { _ in self.random.pick(pieces) }.joined()
    }

    mutating func path() -> String {
        var path = ""
        for _ in 0..<self.random.int(0...4) {
            path += "/" + self.joined(Self.pathPieces, count: 0...4)
        }
        if path.isEmpty || self.random.bool(0.2) { path += "/" }
        return path
    }

    mutating func queryString() -> String {
        guard self.random.bool(0.8) else { return "" }
        var parameters: [String] = []
        for _ in 0..<self.random.int(1...6) {
            switch self.random.int(0...9) {
            case 0: parameters.append("")
            case 1: parameters.append(parameters.last ?? "dup=1")
            case 2: parameters.append(self.joined(Self.queryPieces, count: 1...3))
            default:
                parameters.append(
                    self.joined(Self.queryPieces, count: 1...3) + "=" + self.joined(Self.queryPieces, count: 0...4))
            }
        }
        let query = parameters.joined(separator: "&")
        // A query string is what follows the "?", so it cannot start with one (ClientValidationRequest refuses it).
        return query.hasPrefix("?") ? "x" + query : query
    }

    /// A header value: anything but control characters other than tab, never starting or ending with blanks.
    mutating func headerValue() -> String {
        var value = self.joined(Self.valuePieces, count: 0...6)
        while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
        while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        return value
    }

    /// A name in random case: `Host`, `host`, `HOST`, `hOsT`.
    mutating func casing(_ name: String) -> String {
        switch self.random.int(0...3) {
        case 0: return name
        case 1: return name.lowercased()
        case 2: return name.uppercased()
        default:
            return String(name.map { self.random.bool() ? Character($0.uppercased()) : Character($0.lowercased()) })
        }
    }

    mutating func headers() -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if self.random.bool(0.9) {
            let credentials = "SK" + self.random.hex(32) + ":" + self.random.hex(32)
            headers.append((self.casing("Authorization"), "Basic " + Array(credentials.utf8).base64()))
        }
        if self.random.bool(0.9) {
            headers.append(
                (
                    self.casing("Host"),
                    self.random.pick(["api.twilio.com", "api.twilio.com:443", "accounts.twilio.com"])
                )
            )
        }
        for _ in 0..<self.random.int(0...4) {
            let name = self.random.pick([
                "Content-Type", "Accept", "X-Twilio-Test", "User-Agent", "Authorization", "Host", "X-Empty",
            ])
            headers.append((self.casing(name), self.headerValue()))
        }
        // Shuffle so that the signed headers are not always first.
        for index in headers.indices.reversed() where index > 0 {
            headers.swapAt(index, self.random.int(0...index))
        }
        return headers
    }

    mutating func signedHeaders() -> [String] {
        guard self.random.bool(0.3) else { return ClientValidationRequest.defaultSignedHeaders }
        var names: [String] = []
        for name in ["authorization", "host", "content-type", "x-twilio-test", "x-empty", "x-missing"]
        where self.random.bool(0.5) {
            names.append(self.casing(name))
        }
        return names
    }

    mutating func body() -> [UInt8] {
        switch self.random.int(0...3) {
        case 0: return []
        case 1: return (0..<self.random.int(1...64)).map { _ in UInt8(self.random.int(0...255)) }
        default: return Array(self.random.nonEmptyString(maxLength: 40).utf8)
        }
    }

    mutating func request() throws -> ClientValidationRequest {
        try ClientValidationRequest(
            method: self.method(), path: self.path(), queryString: self.queryString(), headers: self.headers(),
            body: self.body(), signedHeaders: self.signedHeaders())
    }

    /// The request as twilio-python's `ValidationPayload` takes it: headers as a dict (a repeated name becomes a
    /// list value, which `ClientValidationJwt` sorts and joins with `,`), a body as `str` or `bytes`.
    mutating func pythonSpec(of request: ClientValidationRequest, issuedAt: Int, privateKeyPEM: String) -> JSONValue {
        var groups: [(name: String, values: [String])] = []
        for header in request.headers {
            if let index = groups.firstIndex(where: { $0.name.lowercased() == header.name.lowercased() }) {
                groups[index].values.append(header.value)
            } else {
                groups.append((header.name, [header.value]))
            }
        }
        var headers = JSONObject()
        for group in groups {
            let asList = group.values.count > 1 || self.random.bool(0.2)
            headers[group.name] = asList ? .array(group.values.map(JSONValue.string)) : .string(group.values[0])
        }
        let body: JSONValue
        if request.body.isEmpty {
            body = self.random.pick([.null, ["text": ""], ["base64": ""]])
        } else if String(decoding: request.body, as: UTF8.self).utf8.elementsEqual(request.body), self.random.bool(0.7)
        {
            body = ["text": .string(String(decoding: request.body, as: UTF8.self))]
        } else {
            body = ["base64": .string(request.body.base64())]
        }
        return [
            "accountSid": .string(PKCVFixtures.accountSID),
            "apiKeySid": .string(PKCVFixtures.apiKeySID),
            "credentialSid": .string(PKCVFixtures.credentialSID),
            "privateKey": .string(privateKeyPEM),
            "issuedAt": .int(issuedAt),
            "method": .string(request.method),
            "path": .string(request.path),
            "queryString": .string(request.queryString),
            "headers": .object(headers),
            "caseInsensitiveHeaders": .bool(self.random.bool()),
            // twilio-python does not lower-case these itself; ClientValidationRequest does, so Python gets the
            // normalised names (in a random order: it sorts them).
            "signedHeaders": .array(request.signedHeaders.reversed().map(JSONValue.string)),
            "body": body,
        ]
    }
}

extension Array where Element == UInt8 {
    /// Standard base64 with padding (test helper).
    func base64() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < self.count {
            let chunk = Array(self[index..<Swift.min(index + 3, self.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                if position <= chunk.count {
                    output.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
                } else {
                    output.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
