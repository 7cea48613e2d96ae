#if TokenService
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that hold secrets (API key secrets, the Auth Token, the TLS private key): read only when no one but the
/// service's user can read them, as OpenSSH requires of private keys.
enum SecretFile {
    /// The largest secret file read.
    static let maximumBytes = 64 * 1024

    /// The file's text, less one trailing newline (`echo secret > file` writes one); any other whitespace is kept and
    /// left to the secret's own checks.
    static func read(_ path: String, key: String) throws(ConfigurationError) -> String {
        try self.checkPrivate(path, key: key)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: key, "cannot read \(path)")
        }
        guard data.count <= Self.maximumBytes else {
            throw ConfigurationError(key: key, "\(path) is larger than 64 KiB")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(key: key, "\(path) is not UTF-8 text")
        }
        if text.hasSuffix("\r\n") {
            text.removeLast(1)
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        return text
    }

    /// Refuses a file that does not exist, is not a regular file, or that its group or others may read or write.
    static func checkPrivate(_ path: String, key: String) throws(ConfigurationError) {
        let attributes = try self.attributes(path, key: key)
        if let permissions = Self.integer(attributes[.posixPermissions]), permissions & 0o077 != 0 {
            throw ConfigurationError(
                key: key,
                "\(path) is readable or writable by others (mode \(String(permissions & 0o777, radix: 8))); "
                    + "run `chmod 600 \(path)`"
            )
        }
        if let owner = Self.integer(attributes[.ownerAccountID]), owner != Int(geteuid()) {
            throw ConfigurationError(key: key, "\(path) belongs to another user than the one running the server")
        }
    }

    /// A numeric file attribute, whichever integer type the platform's Foundation reports it as.
    private static func integer(_ value: Any?) -> Int? {
        switch value {
        case let value as Int: value
        case let value as UInt: Int(value)
        case let value as UInt32: Int(value)
        case let value as Int32: Int(value)
        case let value as UInt16: Int(value)
        default: nil
        }
    }

    /// Refuses a file that does not exist or is not a regular file.
    static func checkReadable(_ path: String, key: String) throws(ConfigurationError) {
        _ = try self.attributes(path, key: key)
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigurationError(key: key, "cannot read \(path)")
        }
    }

    private static func attributes(_ path: String, key: String) throws(ConfigurationError) -> [FileAttributeKey: Any] {
        let attributes: [FileAttributeKey: Any]
        do {
            // Through symbolic links to the file itself, as mounted secrets (Kubernetes, systemd credentials) are.
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            attributes = try FileManager.default.attributesOfItem(atPath: resolved)
        } catch {
            throw ConfigurationError(key: key, "\(path) does not exist or cannot be read")
        }
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw ConfigurationError(key: key, "\(path) is not a regular file")
        }
        return attributes
    }
}
#endif
