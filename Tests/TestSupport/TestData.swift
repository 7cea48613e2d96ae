import Foundation
import TwilioJWT

/// Loads a JSON data file from `Tests/TestSupport/Vectors`, keeping member order. Each file says where its vectors
/// come from in its `source` member.
public func loadVectorFile(_ name: String) throws -> JSONValue {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors") else {
        throw TestDataError("missing vector file Vectors/\(name).json")
    }
    let data = try Data(contentsOf: url)
    return try JSONValue(parsing: String(decoding: data, as: UTF8.self), maximumDepth: 64)
}

/// A failure of the test data or of a reference program.
public struct TestDataError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// The member called `name`, if this is an object.
    public subscript(_ name: String) -> JSONValue? {
        self.objectValue?[name]
    }

    /// Compact JSON as Python writes it.
    public var json: String { self.description }
}

/// The path of the package root, for files outside the test bundle (the Python drivers, the README).
public let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// Unpadded base64url of `bytes` (Foundation's encoder made URL-safe, independent of the library's; RFC 4648 §5,
/// https://www.rfc-editor.org/rfc/rfc4648#section-5).
public func base64URLEncoded(_ bytes: some Sequence<UInt8>) -> String {
    Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

/// Decodes one base64url segment of a token to bytes (Foundation's decoder, independent of the library's).
public func base64URLDecodedBytes(_ segment: Substring) -> [UInt8]? {
    var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64).map(Array.init)
}

/// Decodes one base64url segment of a token to text (Foundation's decoder, independent of the library's).
public func base64URLDecodedString(_ segment: Substring) -> String? {
    base64URLDecodedBytes(segment).map { String(decoding: $0, as: UTF8.self) }
}
