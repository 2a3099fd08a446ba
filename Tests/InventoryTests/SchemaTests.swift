@testable import Inventory
import Testing

/// `InventoryJSONSchema`: the embedded schemas read, the spliced document is whole and
/// deterministic, and it accepts and rejects inventories as clan would (checked with
/// ``MiniSchemaValidator``).
@Suite struct SchemaTests {
  static let spliced = InventoryJSONSchema.spliced(catalogue: .embedded)
  static let validator = MiniSchemaValidator(spliced)

  func json(_ text: String) throws -> Plain { try JSONReader.read(text) }

  // MARK: - The embedded schemas

  @Test func embeddedInventorySchemaReads() throws {
    let base = try #require(InventoryJSONSchema.base())
    #expect(base["$defs"]?.object?["InventoryInput"] != nil)
    #expect(base["$schema"]?.string == InventoryJSONSchema.draft)
  }

  @Test func everyRoleSchemaReadsWithAnInputRoot() {
    for module in ModuleCatalogue.embedded.services.values {
      for role in module.roles {
        #expect(ServiceSchemas.settingsDefinitions(role) != nil, "\(module.name).\(role.name)")
      }
    }
  }

  // MARK: - The spliced document

  @Test func containsEveryModulesRoleSchemas() throws {
    let defs = try #require(Self.spliced.object?["$defs"]?.object)
    for module in ModuleCatalogue.embedded.services.values {
      let instance = try #require(defs["service.\(module.name)"]?.object, "\(module.name)")
      let roles = instance["properties"]?.object?["roles"]?.object
      #expect(roles?["propertyNames"] == .object([("enum", .strings(module.roleNames))]))
      for role in module.roles {
        let settings = try #require(defs["service.\(module.name).\(role.name).Input"], "\(module.name).\(role.name)")
        #expect(settings.object?["type"]?.string == "object")
        let roleSchema = roles?["properties"]?.object?[role.name]?.object?["properties"]?.object
        #expect(roleSchema?["settings"]?.object?["$ref"]?.string == "#/$defs/service.\(module.name).\(role.name).Input")
      }
    }
  }

  @Test func everyReferenceResolvesInsideTheDocument() throws {
    let document = try #require(Self.spliced.object)
    let defs = try #require(document["$defs"]?.object)
    var refs: [String] = []
    func collect(_ v: Plain) {
      switch v {
      case .object(let o):
        for (k, x) in o.entries {
          if k == "$ref", let r = x.string { refs.append(r) } else { collect(x) }
        }
      case .list(let items): items.forEach(collect)
      default: break
      }
    }
    collect(.object(document))
    #expect(refs.count > 100)
    for ref in refs {
      #expect(ref.hasPrefix("#/$defs/") && defs[String(ref.dropFirst(8))] != nil, "\(ref)")
    }
  }

  @Test func usesOnlyKeywordsTheTestValidatorKnows() {
    #expect(MiniSchemaValidator.unknownKeywords(in: Self.spliced).isEmpty)
  }

  @Test func isDeterministic() {
    let again = InventoryJSONSchema.spliced(catalogue: .embedded)
    #expect(JSONRenderer.render(again) == JSONRenderer.render(Self.spliced))
  }

  @Test func requiredIsDroppedOutsideListElements() throws {
    let defs = try #require(Self.spliced.object?["$defs"]?.object)
    #expect(defs["InventoryInput"]?.object?["required"] == nil)
    #expect(defs["service.zerotier.moon.Input"]?.object?["required"] == nil)
    // A list element is one whole definition: there `required` stays.
    var elements = PlainObject()
    elements["Input"] = try json(##"{"properties": {"l": {"items": {"$ref": "#/$defs/E"}}}}"##)
    elements["E"] = try json(#"{"required": ["x"], "properties": {"x": {"type": "string"}}}"#)
    let normalised = InventoryJSONSchema.normalised(elements, root: "Input")
    #expect(normalised["E"]?.object?["required"] == .strings(["x"]))
  }

  @Test func integersAreAnyJson() throws {
    // clan's AnyJson is a oneOf with `integer` and `number`: every integer matches twice.
    let anyJson = try #require(Self.spliced.object?["$defs"]?.object?["AnyJson"]?.object)
    #expect(anyJson["oneOf"] == nil && anyJson["anyOf"] != nil)
    #expect(Self.validator.accepts(try json(#"{"instances": {"x": {"module": {"name": "m", "input": "self"}, "roles": {"r": {"settings": {"port": 5}}}}}}"#)))
  }

  // MARK: - Accepting and rejecting

  @Test func wrongSettingsTypeIsRejectedAndRightOneAccepted() throws {
    let wrong = try json(#"""
      {"meta": {"name": "c"}, "machines": {"m": {}},
       "instances": {"z": {"module": {"name": "zerotier"}, "roles": {"moon": {"machines": {"m": {"settings": {"stableEndpoints": 1}}}}}}}}
      """#)
    #expect(Self.validator.errors(wrong) == ["/instances/z/roles/moon/machines/m/settings/stableEndpoints: not array"])
    let right = try json(#"""
      {"meta": {"name": "c"}, "machines": {"m": {}},
       "instances": {"z": {"module": {"name": "zerotier"}, "roles": {"moon": {"machines": {"m": {"settings": {"stableEndpoints": ["1.2.3.4"]}}}}}}}}
      """#)
    #expect(Self.validator.errors(right) == [])
  }

  @Test func settingsAreCheckedInEveryPlace() throws {
    for place in [#""settings": {"bogus": 1}"#, #""machines": {"m": {"settings": {"bogus": 1}}}"#, #""tags": {"t": {"settings": {"bogus": 1}}}"#] {
      let doc = try json(#"{"instances": {"z": {"module": {"name": "zerotier"}, "roles": {"peer": {"# + place + "}}}}}")
      #expect(!Self.validator.accepts(doc), "\(place)")
    }
    #expect(Self.validator.accepts(try json(#"{"instances": {"z": {"module": {"name": "zerotier"}, "roles": {"peer": {"tags": ["all"]}}}}}"#)))
  }

  @Test func unknownRoleIsRejected() throws {
    let named = try json(#"{"instances": {"z": {"module": {"name": "zerotier"}, "roles": {"mon": {}}}}}"#)
    #expect(Self.validator.errors(named) == ["/instances/z/roles/mon (name): not one of the enum"])
    // Without module.name, the module is the instance's name.
    let unnamed = try json(#"{"instances": {"zerotier": {"roles": {"mon": {}}}}}"#)
    #expect(!Self.validator.accepts(unnamed))
    let inputNull = try json(#"{"instances": {"zerotier": {"module": {"input": null}, "roles": {"mon": {}}}}}"#)
    #expect(!Self.validator.accepts(inputNull))
    // clan's docs name clan-core's flake input `clan-core`.
    let viaInput = try json(#"{"instances": {"z": {"module": {"name": "zerotier", "input": "clan-core"}, "roles": {"mon": {}}}}}"#)
    #expect(!Self.validator.accepts(viaInput))
    #expect(!Self.validator.accepts(try json(#"{"instances": {"zerotier": {"module": {"input": "clan-core"}, "roles": {"mon": {}}}}}"#)))
    // Another source's module of that name is not clan-core's.
    let own = try json(#"{"instances": {"zerotier": {"module": {"input": "self"}, "roles": {"mon": {}}}}}"#)
    #expect(Self.validator.accepts(own))
    let renamed = try json(#"{"instances": {"zerotier": {"module": {"name": "wifi"}, "roles": {"moon": {}}}}}"#)
    #expect(!Self.validator.accepts(renamed))
  }

  @Test func maxMachinesAndRemovedRoles() throws {
    let two = try json(#"{"instances": {"z": {"module": {"name": "zerotier"}, "roles": {"controller": {"machines": {"a": {}, "b": {}}}}}}}"#)
    #expect(Self.validator.errors(two) == ["/instances/z/roles/controller/machines: more than 1 properties"])
    let signer = try json(#"{"instances": {"d": {"module": {"name": "data-mesher"}, "roles": {"signer": {"machines": {"a": {}}}}}}}"#)
    #expect(!Self.validator.accepts(signer))
  }

  @Test func inventoryShapeIsClans() throws {
    #expect(Self.validator.accepts(try json("{}")))
    #expect(!Self.validator.accepts(try json(#"{"$schema": "./inventory.schema.json"}"#)))
    #expect(!Self.validator.accepts(try json(#"{"machines": {"m": {"machineClass": "windows"}}}"#)))
  }

  // MARK: - Other sources, one module's schemas

  @Test func modulesOfAnInputAreMatchedByInput() throws {
    var catalogue = ModuleCatalogue(legacy: [], withoutRoles: [], services: [])
    let role = ServiceRole(
      name: "r", description: nil,
      settings: .jsonSchema(##"{"$defs": {"Input": {"additionalProperties": false, "properties": {"a.b": {"$ref": "#/$defs/X"}}, "type": "object"}, "X": {"type": "string"}}}"##))
    catalogue.inputServices["my input"] = ["mine": ServiceModule(name: "mine", description: "", roles: [role])]
    let schema = InventoryJSONSchema.spliced(catalogue: catalogue)
    let defs = try #require(schema.object?["$defs"]?.object)
    #expect(defs["service.input:my_20input.mine.r.X"] != nil)
    let v = MiniSchemaValidator(schema)
    let bad = #"{"instances": {"i": {"module": {"name": "mine", "input": "my input"}, "roles": {"r": {"settings": {"a.b": 1}}}}}}"#
    #expect(v.errors(try json(bad)) == ["/instances/i/roles/r/settings/a.b: not string"])
    #expect(v.accepts(try json(bad.replacing(#""my input""#, with: #""other""#))))
    #expect(!v.accepts(try json(#"{"instances": {"mine": {"module": {"input": "my input"}, "roles": {"q": {}}}}}"#)))
    // With modules of an input named `clan-core`, that name is no longer clan-core's.
    catalogue.services["core"] = ServiceModule(name: "core", description: "", roles: [role])
    #expect(JSONRenderer.render(InventoryJSONSchema.spliced(catalogue: catalogue)).contains(#""clan-core""#))
    catalogue.inputServices["clan-core"] = [:]
    #expect(!JSONRenderer.render(InventoryJSONSchema.spliced(catalogue: catalogue)).contains(#""clan-core""#))
  }

  @Test func roleSchemaHasARootAndKeepsRequired() throws {
    let zerotier = try #require(ModuleCatalogue.embedded.service(named: "clan-core/zerotier"))
    let moon = try #require(zerotier.role("moon"))
    let schema = InventoryJSONSchema.roleSettings(moon, of: zerotier)
    let v = MiniSchemaValidator(schema)
    #expect(v.errors(.object([])) == [": missing stableEndpoints"])
    #expect(v.accepts(try json(#"{"stableEndpoints": ["a"]}"#)))
    let all = InventoryJSONSchema.moduleSettings(zerotier).object
    #expect(all?.keys == ["controller", "moon", "peer"])
  }

  @Test func lookUpAndSuggestions() {
    let c = ModuleCatalogue.embedded
    #expect(c.service(named: "zerotier")?.name == "zerotier")
    #expect(c.service(named: "clan-core/user")?.name == "users")
    #expect(c.service(named: "zerotie") == nil)
    #expect(c.suggestedService(for: "zerotie") == "zerotier")
    #expect(c.suggestedService(for: "clan-core/zerotie") == "zerotier")
    #expect(c.service(named: "zerotier")?.suggestedRole(for: "mon") == "moon")
  }

  @Test func escapedNames() {
    #expect(ServiceSchemas.escaped("data-mesher") == "data-mesher")
    #expect(ServiceSchemas.escaped("a.b_c/é") == "a_2Eb_5Fc_2F_C3_A9")
  }
}

/// The JSON reader behind the embedded schemas: values, escapes, and errors rather than traps.
@Suite struct JSONReaderTests {
  @Test func values() throws {
    #expect(try JSONReader.read(#" {"b": [1, -2.5e1, true, null], "a": "x\u00e9\ud83d\ude00\n"} "#)
      == .object([("a", .string("xé😀\n")), ("b", .list([.int(1), .float(-25), .bool(true), .null]))]))
    #expect(try JSONReader.read("-0") == .int(0))
    #expect(try JSONReader.read("123456789012345678901234567890") == .float(1.2345678901234568e29))
  }

  @Test(arguments: ["", "[1,", "01", "1.", "{\"a\" 1}", "\"\\ud800\"", "\"a", "nul", "[] x", "\"\u{1}\"", "{\"a\":1,}"])
  func malformedTextFails(_ text: String) {
    #expect(throws: JSONReader.Failure.self) { try JSONReader.read(text) }
  }

  @Test func deepNestingFailsWithoutATrap() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: JSONReader.Failure.self) { try JSONReader.read(deep) }
  }
}
