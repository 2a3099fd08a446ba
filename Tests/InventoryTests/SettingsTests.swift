import Foundation
import Inventory
import Testing

@testable import Inventory

/// clan.service settings against every clan-core module's role interfaces (the embedded
/// schemas, made from clan-services.json): required settings, defaults, and each check.
@Suite struct SettingsTests {
  /// Every clan-core module with settings schemas, and its roles clan still has.
  static let modules: [(String, [String])] = ModuleCatalogue.embedded.services.values
    .filter { $0.roles.contains { if case .jsonSchema = $0.settings { true } else { false } } }
    .map { ($0.name, $0.roles.filter { $0.removal == nil }.map(\.name)) }
    .sorted { $0.0 < $1.0 }

  /// The schema of a role, as JSON (read independently of nixinv's schema reader).
  static func schema(_ module: String, _ role: String) throws -> (root: [String: Any], defs: [String: Any]) {
    let r = try #require(ModuleCatalogue.embedded.services[module]?.role(role))
    guard case .jsonSchema(let text) = r.settings else { throw CocoaError(.coderInvalidValue) }
    let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    let defs = json["$defs"] as! [String: Any]
    return (defs["Input"] as! [String: Any], defs)
  }

  static func resolved(_ node: [String: Any], _ defs: [String: Any]) -> [String: Any] {
    if let ref = node["$ref"] as? String { return defs[String(ref.dropFirst("#/$defs/".count))] as! [String: Any] }
    return node
  }

  /// A Nix value of the node's type (for required settings).
  static func example(_ node: [String: Any], _ defs: [String: Any]) -> String {
    let n = resolved(node, defs)
    if let e = n["enum"] as? [Any], let first = e.first as? String { return "\"\(first)\"" }
    if let one = n["oneOf"] as? [[String: Any]] {
      return example(one.first { $0["type"] as? String != "null" } ?? one[0], defs)
    }
    switch n["type"] as? String {
    case "string": return "\"x\""
    case "integer": return "1"
    case "number": return "1.5"
    case "boolean": return "true"
    case "array": return "[ ]"
    case "object":
      guard let props = n["properties"] as? [String: Any] else { return "{ }" }
      return "{ " + required(n, defs).map { "\($0.0) = \($0.1); " }.joined() + "}"
        + (props.isEmpty ? "" : "")
    default: return "null"
    }
  }

  /// The required properties of an object node with example values.
  static func required(_ node: [String: Any], _ defs: [String: Any]) -> [(String, String)] {
    let props = node["properties"] as? [String: Any] ?? [:]
    return ((node["required"] as? [String]) ?? []).sorted().map { ($0, example(props[$0] as! [String: Any], defs)) }
  }

  /// Every default the schema states outside lists and named sets, by path.
  static func defaults(_ node: [String: Any], _ defs: [String: Any], _ path: [String] = []) -> [([String], Any)] {
    let n = resolved(node, defs)
    var out: [([String], Any)] = []
    for (name, p) in (n["properties"] as? [String: Any] ?? [:]) {
      let property = p as! [String: Any]
      if let d = property["default"] {
        out.append((path + [name], d))
      } else if resolved(property, defs)["properties"] != nil {
        out += defaults(property, defs, path + [name])
      }
    }
    return out
  }

  static func clan(_ module: String, _ roles: [String]) throws -> String {
    var instance = "module.name = \"\(module)\";"
    for (i, role) in roles.enumerated() {
      let (root, defs) = try schema(module, role)
      let settings = required(root, defs).map { "\($0.0) = \($0.1); " }.joined()
      instance += " roles.\(role).machines.m\(i).settings = { \(settings)};"
    }
    let machines = roles.indices.map { "m\($0) = { };" }.joined(separator: " ")
    return "buildClan { meta.name = \"t\"; inventory = { machines = { \(machines) }; instances.i = { \(instance) }; }; }"
  }

  @Test(arguments: modules)
  func everyRoleWithItsRequiredSettingsLintsCleanAndDumpsEveryDefault(_ module: String, _ roles: [String]) throws {
    let source = try Self.clan(module, roles)
    let (found, _) = try lint(source)
    let problems = found.filter { $0.code != "deprecated-module" }
    #expect(problems.isEmpty, "\(module): \(problems.map { "\($0.code): \($0.message)" })")
    let clan = try #require(try resolve(source, withDefaults: true).clan)
    #expect(clan.errors.isEmpty, "\(clan.errors.map(\.message))")
    let json = try dumpJSON(clan)
    for (i, role) in roles.enumerated() {
      let instances = try #require(machine(json, "m\(i)")?["instances"] as? [String: Any])
      let settings = try #require(
        (((instances["i"] as? [String: Any])?["roles"] as? [String: Any])?[role] as? [String: Any])?["settings"] as? [String: Any])
      let (root, defs) = try Self.schema(module, role)
      for (path, value) in Self.defaults(root, defs) {
        var current: Any? = settings
        for name in path { current = (current as? [String: Any])?[name] }
        #expect(current.map { "\($0)" } == "\(value)", "\(module).\(role): \(path.joined(separator: ".")) is \(current.map { "\($0)" } ?? "missing"), default \(value)")
      }
    }
  }

  @Test func settingsWithoutDefaultsFlagAreTheUsersOnly() throws {
    let source = "buildClan { inventory = { machines.a = { }; instances.z = { module.name = \"zerotier\"; roles.controller.machines.a = { }; }; }; }"
    let plain = try #require(try resolve(source).clan)
    let full = try #require(try resolve(source, withDefaults: true).clan)
    func settings(_ c: ResolvedClan) -> Plain? { c.machines[0].instances.first?.roles.first?.settings }
    #expect(settings(plain) == .object(PlainObject()))
    #expect(settings(full)?.object?["public"] == .bool(false))
  }

  @Test(arguments: [
    ("instances.b = { module.name = \"borgbackup\"; roles.client.machines.a.settings.startAtt = \"daily\"; };",
     "unknown-setting", "`startAtt' is not a setting of the 'client' role of 'borgbackup'", "did you mean `startAt'?"),
    // Lint checks settings no member receives: a role without machines, a tag nobody carries.
    ("instances.b = { module.name = \"borgbackup\"; roles.client.settings.startAtt = \"daily\"; };",
     "unknown-setting", "`startAtt' is not a setting of the 'client' role of 'borgbackup'", nil),
    ("instances.b = { module.name = \"borgbackup\"; roles.client.tags.nobody.settings.exclude = 1; };",
     "wrong-type", "`exclude' is 1, not of type `list of string'", nil),
    ("instances.b = { module.name = \"borgbackup\"; roles.client.machines.a.settings.destinations.x.repo = 22; };",
     "wrong-type", "`destinations.x.repo' is 22, not of type `string'", nil),
    ("instances.b = { module.name = \"borgbackup\"; roles.server.settings.address = 1; roles.server.machines.a = { }; };",
     "wrong-type", "not of type `null or string'", nil),
    ("instances.d = { module.name = \"data-mesher\"; roles.default.machines.a.settings.logLevel = \"loud\"; };",
     "wrong-type", #"not of type `one of "fatal", "error", "warn", "info", "debug"'"#, nil),
    ("instances.z = { module.name = \"zerotier\"; roles.peer.machines.a.settings.orbitMoons = \"x\"; };",
     "wrong-type", "not of type `list of string'", nil),
    ("instances.w = { module.name = \"wireguard\"; roles.peer.machines.a.settings.mtu = \"big\"; roles.peer.machines.a.settings.controller = \"a\"; };",
     "wrong-type", "not of type `null or signed integer'", nil),
    ("instances.w = { module.name = \"wireguard\"; roles.peer.machines.a = { }; };",
     "missing-setting", "required setting `controller'", nil),
    ("instances.b = { module.name = \"borgbackup\"; roles.client.machines.a.settings.destinations.x = { }; };",
     "missing-setting", "required setting `destinations.x.repo'", nil),
    ("instances.z = { module.name = \"zerotier\"; roles.controller.machines = { a = { }; b = { }; }; };",
     "role-constraint", "allows at most 1 member(s) of the 'controller' role", nil),
    ("instances.z = { module.name = \"zerotier\"; roles.peer.machines.a = { }; };",
     "role-constraint", "requires at least 1 member(s) of the 'controller' role", nil),
    ("instances.dm = { module.name = \"data-mesher\"; roles.signer.machines.a = { }; };",
     "removed-role", "the 'signer' role of 'data-mesher' was removed", nil),
    ("instances.adm = { module.name = \"admin\"; roles.default.machines.a = { }; };",
     "deprecated-module", "the clan.service module 'clan-core/admin' is deprecated", nil),
  ])
  func eachCheckFires(_ inventory: String, _ code: String, _ message: String, _ help: String?) throws {
    let source = "buildClan { meta.name = \"t\"; inventory = { machines = { a = { }; b = { }; }; \(inventory) }; }"
    let (found, _) = try lint(source)
    let hit = found.first { $0.code == code }
    #expect(hit?.message.contains(message) == true, "\(found.map { "\($0.code): \($0.message)" })")
    if let help { #expect(hit?.help?.contains(help) == true, "\(hit?.help ?? "no help")") }
  }

  @Test func dumpFailsWithClansWording() throws {
    let unknown = try resolve("buildClan { inventory = { machines.a = { }; instances.b = { module.name = \"borgbackup\"; roles.client.machines.a.settings.startAtt = 1; }; }; }")
    #expect(unknown.code == .unknownSetting)
    #expect(unknown.error?.contains("The option `inventory.instances.b.roles.client.machines.a.settings.startAtt' does not exist.") == true)
    let constraint = try #require(try resolve("buildClan { inventory = { machines = { a = { }; b = { }; }; instances.z = { module.name = \"zerotier\"; roles.controller.machines = { a = { }; b = { }; }; }; }; }").clan)
    #expect(constraint.errors.contains { $0.message.contains("Role 'controller' of service 'clan-core/zerotier' instance 'z' allows at most 1 machine(s) but 2 are assigned.") })
    let missing = try #require(try resolve("buildClan { inventory = { machines.a = { }; instances.w = { module.name = \"wireguard\"; roles.controller.machines.a = { }; }; }; }").clan)
    #expect(missing.errors.contains { $0.code == .missingSetting && $0.message.contains("`inventory.instances.w.roles.controller.machines.a.settings.endpoint' was accessed but has no value defined") })
  }

  /// A clan.service module of the clan itself, with an interface of its own.
  static func selfClan(_ settings: String) -> String {
    """
    buildClan {
      meta.name = "t";
      modules.greet = {
        _class = "clan.service";
        manifest.name = "greet";
        roles.server.interface = { lib, ... }: {
          options.port = lib.mkOption { type = lib.types.port; default = 8080; };
          options.host = lib.mkOption { type = lib.types.str; };
          options.tls.enable = lib.mkEnableOption "TLS";
          options.names = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; };
        };
      };
      inventory = {
        machines.a = { };
        instances.g = { module = { name = "greet"; input = "self"; }; roles.server.machines.a.settings = { \(settings) }; };
      };
    }
    """
  }

  @Test(arguments: [
    (#"host = "h"; prot = 1;"#, "unknown-setting", "`prot' is not a setting of the 'server' role of 'greet'"),
    (#"host = "h"; port = 70000;"#, "wrong-type", "not of type `16 bit unsigned integer; between 0 and 65535 (both inclusive)'"),
    (#"host = 1;"#, "wrong-type", "not of type `string'"),
    ("", "missing-setting", "required setting `host'"),
  ])
  func selfModulesAreCheckedTheSameWay(_ settings: String, _ code: String, _ message: String) throws {
    let (found, _) = try lint(Self.selfClan(settings))
    #expect(found.contains { $0.code == code && $0.message.contains(message) }, "\(found.map { "\($0.code): \($0.message)" })")
  }

  @Test func selfModuleDefaultsAreDumped() throws {
    let source = Self.selfClan(#"host = "h";"#)
    let (found, _) = try lint(source)
    #expect(found.filter { $0.severity == .error }.isEmpty, "\(found.map { "\($0.code): \($0.message)" })")
    let clan = try #require(try resolve(source, withDefaults: true).clan)
    let settings = clan.machines[0].instances.first?.roles.first?.settings
    #expect(settings == Plain.object([
      ("host", .string("h")), ("names", .list([])), ("port", .int(8080)), ("tls", Plain.object([("enable", .bool(false))])),
    ]))
  }

  @Test func typeDescriptionsAreTheModuleSystems() {
    #expect(OptionType.listOf(.either(.string, .int)).description == "list of (string or signed integer)")
    #expect(OptionType.nullOr(.string).description == "null or string")
    #expect(OptionType.attrsOf(.submodule(Submodule([:]))).description == "attribute set of (submodule)")
    #expect(OptionType.enumeration(["a", "b"]).description == #"one of "a", "b""#)
    #expect(OptionType.nullOr(.either(.string, .int)).description == "null or string or signed integer")
    #expect(OptionType.listOf(.listOf(.string)).description == "list of list of string")
  }
}
