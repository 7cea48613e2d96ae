#if TokenService
import Yams

/// The shape of the config file: every key the service knows, and the kind of value each takes.
///
/// The file is checked against it before any value is read, so that a key the service does not know (a typo, an
/// option of another version) stops the start with its name, and a value of the wrong kind is reported with its key
/// rather than read as missing. swift-configuration's readers answer for the keys they are asked about; only a walk
/// of the whole document can find the keys nobody asks about.
indirect enum ConfigurationSchema: Sendable {
    /// A string, a number or a boolean, as YAML writes them.
    case scalar(ScalarKind)
    /// A list of strings.
    case stringList
    /// A map with these keys, each optional.
    case map([String: ConfigurationSchema])
    /// A map keyed by names the user chooses (profiles, API key SIDs, principals), each value of one shape.
    case named(ConfigurationSchema)

    enum ScalarKind: Sendable {
        case string
        case integer
        case boolean
    }

    /// The whole file.
    static let file: ConfigurationSchema = .map([
        "server": .map([
            "host": .scalar(.string),
            "port": .scalar(.integer),
            "metrics_port": .scalar(.integer),
            "tls": .map(["certificate_file": .scalar(.string), "key_file": .scalar(.string)]),
            "max_body_bytes": .scalar(.integer),
            "idle_timeout": .scalar(.integer),
            "body_timeout": .scalar(.integer),
            "shutdown_grace": .scalar(.integer),
            "trusted_proxies": .stringList,
        ]),
        "twilio": .map([
            "account_sid": .scalar(.string),
            "region": .scalar(.string),
            "active_api_key": .scalar(.string),
            "api_keys": .named(.map(["secret_file": .scalar(.string), "secret_env": .scalar(.string)])),
            "auth_token_file": .scalar(.string),
            "auth_token_env": .scalar(.string),
            "secondary_auth_token_file": .scalar(.string),
            "secondary_auth_token_env": .scalar(.string),
        ]),
        "auth": .map([
            "mode": .scalar(.string),
            "jwt": .map([
                "jwks_file": .scalar(.string),
                "jwks_url": .scalar(.string),
                "issuer": .scalar(.string),
                "audience": .scalar(.string),
                "identity_claim": .scalar(.string),
                "algorithms": .stringList,
                "leeway": .scalar(.integer),
                "refresh_interval": .scalar(.integer),
                "profiles": .stringList,
            ]),
            "bearer": .named(
                .map(["key_sha256": .scalar(.string), "identities": .stringList, "profiles": .stringList])
            ),
        ]),
        "cors": .map(["allowed_origins": .stringList]),
        "rate_limit": .map(["per_principal_per_minute": .scalar(.integer), "per_ip_per_minute": .scalar(.integer)]),
        "profiles": .named(
            .map([
                "ttl": .scalar(.integer),
                "grants": .map([
                    "video": .map([
                        "room_from_request": .scalar(.boolean), "room_pattern": .scalar(.string),
                        "room": .scalar(.string),
                    ]),
                    "voice": .map([
                        "incoming": .scalar(.boolean), "outgoing_application_sid": .scalar(.string),
                        "push_credential_sid": .scalar(.string),
                    ]),
                    "chat": .map(["service_sid": .scalar(.string)]),
                    "sync": .map(["service_sid": .scalar(.string)]),
                ]),
            ])
        ),
        "voice": .map([
            "public_base_url": .scalar(.string),
            "caller_id": .scalar(.string),
            "allowed_number_prefixes": .stringList,
            "blocked_number_prefixes": .stringList,
            "incoming_client": .scalar(.string),
            "shared_keys": .named(.map(["secret_file": .scalar(.string), "secret_env": .scalar(.string)])),
        ]),
        "compatibility": .map([
            "access_token": .scalar(.string), "token_get": .scalar(.string), "token_post": .scalar(.string),
        ]),
    ])
}

/// The keys a config file holds, checked against ``ConfigurationSchema``.
struct ConfigurationDocument: Sendable {
    /// Every key path present, including maps (`profiles.video.grants.chat`), dot-joined.
    let presentKeys: Set<String>
    /// The names under each `named` map, by the map's key path (`profiles` → `["video", "voice"]`), in file order.
    let names: [String: [String]]

    /// The largest config file read: a real one is a few kilobytes.
    static let maximumBytes = 1 << 20

    /// Parses `text` as YAML (JSON is YAML too) and checks it against the schema.
    init(parsing text: String) throws(ConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(key: "", "the file is not valid YAML or JSON (\(Self.describe(error)))")
        }
        guard let root else {
            throw ConfigurationError(key: "", "the file is empty")
        }
        var present: Set<String> = []
        var names: [String: [String]] = [:]
        try Self.check(root, against: ConfigurationSchema.file, path: [], present: &present, names: &names)
        self.presentKeys = present
        self.names = names
    }

    func contains(_ key: String) -> Bool {
        self.presentKeys.contains(key)
    }

    private static func check(
        _ node: Node,
        against schema: ConfigurationSchema,
        path: [String],
        present: inout Set<String>,
        names: inout [String: [String]]
    ) throws(ConfigurationError) {
        let key = path.joined(separator: ".")
        if !path.isEmpty { present.insert(key) }
        switch schema {
        case .scalar(let kind):
            guard case .scalar(let scalar) = node else {
                throw ConfigurationError(key: key, "must be \(Self.noun(kind)), not a list or a map")
            }
            switch kind {
            case .string:
                break
            case .integer:
                guard Int(scalar.string) != nil else {
                    throw ConfigurationError(key: key, "must be a whole number")
                }
            case .boolean:
                guard Bool.construct(from: scalar) != nil else {
                    throw ConfigurationError(key: key, "must be true or false")
                }
            }
        case .stringList:
            guard case .sequence(let sequence) = node else {
                throw ConfigurationError(key: key, "must be a list of strings")
            }
            for item in sequence {
                guard case .scalar = item else {
                    throw ConfigurationError(key: key, "must be a list of strings, without lists or maps inside")
                }
            }
        case .map(let fields):
            guard let mapping = Self.mapping(node, key: key) else {
                throw ConfigurationError(key: key, "must be a map")
            }
            for (name, value) in mapping {
                let fieldName = try Self.keyString(name, in: key)
                guard let fieldSchema = fields[fieldName] else {
                    let known = fields.keys.sorted().joined(separator: ", ")
                    throw ConfigurationError(
                        key: (path + [fieldName]).joined(separator: "."),
                        "unknown key; \(key.isEmpty ? "the top level" : "`\(key)`") takes: \(known)"
                    )
                }
                try Self.check(value, against: fieldSchema, path: path + [fieldName], present: &present, names: &names)
            }
        case .named(let valueSchema):
            guard let mapping = Self.mapping(node, key: key) else {
                throw ConfigurationError(key: key, "must be a map keyed by name")
            }
            var seen: [String] = []
            for (name, value) in mapping {
                let itemName = try Self.keyString(name, in: key)
                guard !itemName.contains("."), !itemName.isEmpty else {
                    throw ConfigurationError(key: key, "a name must not be empty or contain `.`")
                }
                seen.append(itemName)
                try Self.check(value, against: valueSchema, path: path + [itemName], present: &present, names: &names)
            }
            names[key] = seen
        }
    }

    /// A map's entries; a null value (`chat:` with nothing after it) counts as an empty map, as `chat: {}` does.
    private static func mapping(_ node: Node, key: String) -> [(Node, Node)]? {
        switch node {
        case .mapping(let mapping): return mapping.map { ($0.key, $0.value) }
        case .scalar(let scalar) where scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null":
            return []
        default: return nil
        }
    }

    private static func keyString(_ node: Node, in key: String) throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node else {
            throw ConfigurationError(key: key, "a key must be a plain string")
        }
        return scalar.string
    }

    private static func noun(_ kind: ConfigurationSchema.ScalarKind) -> String {
        switch kind {
        case .string: "a string"
        case .integer: "a whole number"
        case .boolean: "true or false"
        }
    }

    /// A parse error's position, without the file's text (which may hold a secret by mistake).
    private static func describe(_ error: any Error) -> String {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return "line \(mark.line), column \(mark.column)"
            case .duplicatedKeysInMapping(let duplicates, _):
                return "duplicate keys: \(duplicates.joined(separator: ", "))"
            default:
                return "unreadable document"
            }
        }
        return "unreadable document"
    }
}
#endif
