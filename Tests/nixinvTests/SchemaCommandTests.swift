import Foundation
import Testing

/// `nixinv schema` end to end: the document, one module's schemas, usage errors.
@Suite struct SchemaCommandTests {
  func object(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func printsTheSplicedSchema() throws {
    let r = try Nixinv.run(["schema"])
    #expect(r.status == 0 && r.stderr.isEmpty)
    #expect(r.stdout.hasSuffix("}\n") && r.stdout.hasPrefix("{\n  \"$comment\": "))
    let schema = try object(r.stdout)
    #expect(schema["$ref"] as? String == "#/$defs/InventoryInput")
    #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    let defs = try #require(schema["$defs"] as? [String: Any])
    for name in ["service.zerotier.moon.Input", "service.zerotier.controller.Input", "service.borgbackup.client.Input", "service.users.default.Input"] {
      #expect(defs[name] != nil, "\(name)")
    }
    // The same bytes every run.
    #expect(try Nixinv.run(["schema"]).stdout == r.stdout)
  }

  @Test func oneRoleAndAllRoles() throws {
    let moon = try object(try Nixinv.run(["schema", "--module", "zerotier", "--role", "moon"]).stdout)
    #expect(moon["$ref"] as? String == "#/$defs/Input")
    let input = try #require((moon["$defs"] as? [String: Any])?["Input"] as? [String: Any])
    #expect(input["required"] as? [String] == ["stableEndpoints"])
    let all = try Nixinv.run(["schema", "--module", "clan-core/zerotier"])
    #expect(all.status == 0)
    #expect(try object(all.stdout).keys.sorted() == ["controller", "moon", "peer"])
  }

  @Test func usageErrors() throws {
    let module = try Nixinv.run(["schema", "--module", "zerotie"])
    #expect(module.status == 2)
    #expect(module.stderr == "error: clan-core has no clan.service module 'zerotie' (did you mean 'zerotier'?)\n")
    let role = try Nixinv.run(["schema", "--module", "zerotier", "--role", "mon"])
    #expect(role.status == 2 && role.stderr.contains("did you mean 'moon'?"))
    #expect(try Nixinv.run(["schema", "--role", "moon"]).status == 2)
    #expect(try Nixinv.run(["schema", "--bogus"]).status == 2)
    #expect(try Nixinv.run(["schema", "inventory.json"]).status == 2)
  }

  @Test func helpExplainsEditorSetUp() throws {
    let r = try Nixinv.run(["schema", "--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("$schema") && r.stdout.contains("\"json.schemas\"") && r.stdout.contains("\"fileMatch\": [\"inventory.json\"]"))
    #expect(try Nixinv.run(["--help"]).stdout.contains("schema "))
  }
}
