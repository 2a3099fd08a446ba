import Foundation
import Inventory
import NixLexer
import Testing

/// Lints `source` as a bare clan file (with `files` beside it).
func lint(_ source: String, files: [String: String] = [:], disabled: Set<String> = []) throws -> (findings: [Diagnostic], sources: SourceMap) {
  var all = files
  all["clan.nix"] = source
  let dir = try temporaryClan(all)
  defer { try? FileManager.default.removeItem(at: dir) }
  let sources = SourceMap()
  var options = LintOptions()
  options.disabled = disabled
  let findings = try Linter.lint(dir.appendingPathComponent("clan.nix").path, cwd: "/", options: options, sources: sources)
  return (findings, sources)
}

/// A clean clan, with `inventory` entries added.
func clan(_ inventory: String = "", top: String = #"meta.name = "t";"#) -> String {
  """
  buildClan {
    \(top)
    inventory = {
      machines = { a = { tags = [ "web" ]; }; b = { }; };
      instances.s = { module.name = "sshd"; roles.server.tags.all = { }; };
      \(inventory)
    };
  }
  """
}

/// Every lint code: a case that fires it (at the line given) and a near miss that must not.
@Suite struct LintTests {
  static let selfModule = #"modules.dns = { _class = "clan.service"; manifest.name = "dns"; manifest.constraints.maxInstances = 1; manifest.constraints.roles.server.maxMachines = 1; roles.server = { }; };"#

  /// (code, firing source, line of the finding, near-miss source)
  static let cases: [(String, String, Int, String)] = [
    ("syntax-error", "buildClan { meta.name = \"t\" }", 1, clan()),
    ("undefined-variable", "buildClan { meta.name = nmae; }", 1, "let name = \"t\"; in buildClan { meta.name = name; }"),
    ("duplicate-attribute", "buildClan { meta.name = \"a\";\n meta.name = \"b\"; }", 2, clan()),
    ("unused-binding", "let\n  x = 1;\nin " + clan(), 2, "let _x = 1; y = \"t\"; in buildClan { meta.name = y; }"),
    ("eval-error", clan(top: "meta.name = throw \"boom\";"), 2, clan()),
    ("unknown-option", clan("machines.c.tgas = [ ];"), 6, clan("machines.c.tags = [ ];")),
    ("wrong-type", clan("machines.c.tags = \"web\";"), 6, clan("machines.c.tags = [ \"web\" ];")),
    ("invalid-name", clan("machines.\"c.d\" = { };"), 6, clan("machines.c-d = { };")),
    ("missing-meta-name", clan(top: ""), 1, clan()),
    ("unknown-machine", clan("instances.t = { module.name = \"admin\"; roles.default.machines.ghost = { }; };"), 6,
      clan("instances.t = { module.name = \"admin\"; roles.default.machines.b = { }; };")),
    ("unknown-tag", clan("instances.t = { module.name = \"admin\"; roles.default.tags = [ \"wbe\" ]; };"), 6,
      clan("instances.t = { module.name = \"admin\"; roles.default.tags = [ \"web\" ]; };")),
    ("unknown-module", clan("instances.t.module.name = \"wiregaurd\";"), 6, clan("instances.t.module.name = \"wireguard\";")),
    ("unknown-role", clan("instances.t = { module.name = \"admin\"; roles.defualt.machines.a = { }; };"), 6,
      clan("instances.t = { module.name = \"admin\"; roles.default.machines.a = { }; };")),
    ("role-constraint", clan("services.zerotier.z.roles.controller.machines = [ \"a\" \"b\" ];"), 6,
      clan("services.zerotier.z.roles.controller.machines = [ \"a\" ];")),
    ("max-instances",
      clan("instances.d1 = { module = { name = \"dns\"; input = \"self\"; }; };\n instances.d2 = { module = { name = \"dns\"; input = \"self\"; }; };", top: #"meta.name = "t"; "# + selfModule), 7,
      clan("instances.d1 = { module = { name = \"dns\"; input = \"self\"; }; };", top: #"meta.name = "t"; "# + selfModule)),
    ("config-conflict", clan("instances.s.roles.server.settings.generateRootKey = true;\n instances.s.roles.server.machines.a.settings.generateRootKey = false;"), 7,
      clan("instances.s.roles.server.settings.generateRootKey = true;\n instances.s.roles.server.machines.a.settings.generateRootKey = true;")),
    ("unknown-setting", clan("instances.s.roles.server.settings.generateRootKye = true;"), 6,
      clan("instances.s.roles.server.settings.generateRootKey = true;")),
    ("missing-setting", clan("instances.v = { module.name = \"wireguard\"; roles.controller.machines.a = { }; };"), 6,
      clan("instances.v = { module.name = \"wireguard\"; roles.controller.machines.a.settings.endpoint = \"vpn.example.com\"; };")),
    ("removed-role", clan("instances.dm = { module.name = \"data-mesher\"; roles.signer.machines.a = { }; };"), 6,
      clan("instances.dm = { module.name = \"data-mesher\"; roles.admin.machines.a = { }; };")),
    ("shared-namespace", clan("services.mycelium.m1.roles.peer.machines = [ \"a\" ];\n services.mycelium.m2.roles.peer.machines = [ \"a\" ];"), 7,
      clan("services.mycelium.m1.roles.peer.machines = [ \"a\" ];\n services.mycelium.m2.roles.peer.machines = [ \"b\" ];")),
    ("deprecated-module", clan("services.mycelium.m.roles.peer.machines = [ \"a\" ];"), 6,
      clan("services.zerotier.z.roles.controller.machines = [ \"a\" ];")),
    ("legacy-services", clan("services.mycelium.m.roles.peer.machines = [ \"a\" ];"), 6, clan()),
    ("unused-machine", "buildClan {\n meta.name = \"t\";\n inventory.machines.c = { };\n}", 3,
      "buildClan { meta.name = \"t\"; inventory.machines.c = { }; inventory.instances.sshd.roles.server.machines.c = { }; }"),
  ]

  @Test func everyCodeHasACase() {
    #expect(Set(Self.cases.map(\.0)) == Set(LintCode.allCases.map(\.rawValue)))
  }

  @Test(arguments: cases)
  func codeFiresAndNearMissDoesNot(_ code: String, _ firing: String, _ line: Int, _ nearMiss: String) throws {
    let (found, sources) = try lint(firing)
    let hits = found.filter { $0.code == code }
    #expect(!hits.isEmpty, "\(code) did not fire; found \(found.map(\.code))")
    let lines = hits.compactMap { d in sources.file(d.span.file).map { $0.location(of: d.span.start).line } }
    #expect(lines.contains(line), "\(code) at lines \(lines), expected \(line)")
    let (missed, _) = try lint(nearMiss)
    #expect(!missed.contains { $0.code == code }, "\(code) fired on the near miss: \(missed.filter { $0.code == code }.map(\.message))")
  }

  @Test func cleanClanHasNoFindings() throws {
    let (found, _) = try lint(clan("machines.c.tags = [ \"web\" ];"))
    #expect(found.isEmpty, "\(found.map { "\($0.code): \($0.message)" })")
  }

  @Test func findingsPointAtTheOffendingText() throws {
    let (found, sources) = try lint(clan("services.borgbackup.x.roles.client.machines = [ \"a\" \"jonn\" ];"))
    let d = try #require(found.first { $0.code == "unknown-machine" })
    let file = try #require(sources.file(d.span.file))
    #expect(String(decoding: file.bytes[Int(d.span.start)..<Int(d.span.end)], as: UTF8.self) == "\"jonn\"")
    let role = try lint(clan("instances.t = { module.name = \"admin\"; roles.defualt.machines.a = { }; };"))
    let r = try #require(role.findings.first { $0.code == "unknown-role" })
    let rf = try #require(role.sources.file(r.span.file))
    #expect(String(decoding: rf.bytes[Int(r.span.start)..<Int(r.span.end)], as: UTF8.self) == "defualt")
    #expect(r.help == "did you mean 'default'?")
  }

  @Test func jsonValuesPointIntoTheJSONFile() throws {
    let (found, sources) = try lint(
      clan(top: "meta.name = \"t\"; directory = ./.;"),
      files: ["inventory.json": "{\n  \"machines\": {\n    \"c\": { \"tgas\": [] }\n  }\n}\n"])
    let d = try #require(found.first { $0.code == "unknown-option" })
    let file = try #require(sources.file(d.span.file))
    #expect(file.name.hasSuffix("inventory.json"))
    #expect(file.location(of: d.span.start).line == 3)
  }

  @Test func keepsGoingPastASyntaxErrorAndAFailingService() throws {
    let (found, _) = try lint("""
      buildClan {
        meta.name = "t";
        inventory = {
          machines = { a = { }; b = { } };
          instances.x.module.name = "nope";
          instances.y = { module.name = "admin"; roles.default.machines.ghost = { }; };
        };
      }
      """)
    let codes = Set(found.map(\.code))
    #expect(codes.isSuperset(of: ["syntax-error", "unknown-module", "unknown-machine"]))
  }

  @Test func ignoreCommentAndDisable() throws {
    let plain = "buildClan {\n meta.name = \"t\";\n inventory.machines.c = { };\n}"
    #expect(try lint(plain).findings.contains { $0.code == "unused-machine" })
    let ignored = "buildClan {\n meta.name = \"t\";\n # nixinv: ignore unused-machine\n inventory.machines.c = { };\n}"
    #expect(!(try lint(ignored).findings.contains { $0.code == "unused-machine" }))
    #expect(!(try lint(plain, disabled: ["unused-machine"]).findings.contains { $0.code == "unused-machine" }))
  }
}
