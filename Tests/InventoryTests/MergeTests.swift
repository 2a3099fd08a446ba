import Foundation
import Inventory
import Testing

/// Merging definitions as the module system does: priorities, mkMerge, mkIf, order, conflicts,
/// unknown options and types.
@Suite struct MergeTests {
  /// The legacy config `machines.a.config.clan.mycelium` of a clan whose instance, role and
  /// machine `config` are the given Nix expressions.
  func config(instance: String = "{ }", role: String = "{ }", machine: String = "{ }") throws -> Outcome {
    try resolve("""
      buildClan {
        inventory.machines.a = { };
        inventory.services.mycelium.i = {
          roles.peer.machines = [ "a" ];
          config = \(instance);
          roles.peer.config = \(role);
          machines.a.config = \(machine);
        };
      }
      """)
  }

  func mycelium(_ outcome: Outcome) throws -> [String: Any] {
    let clan = try #require(outcome.clan, "\(outcome.error ?? "")")
    let json = try dumpJSON(clan)
    let m = try #require(machine(json, "a"))
    return ((m["config"] as! [String: Any])["clan"] as! [String: Any])["mycelium"] as! [String: Any]
  }

  @Test func peersMergeKeyByKey() throws {
    let c = try mycelium(try config(instance: "{ x = 1; }", role: "{ y.z = 2; }", machine: "{ y.w = 3; }"))
    #expect(c["x"] as? Int == 1)
    #expect((c["y"] as? [String: Int]) == ["z": 2, "w": 3])
  }

  @Test func equalValuesMerge() throws {
    let c = try mycelium(try config(instance: "{ x = [ 1 ]; }", machine: "{ x = [ 1 ]; }"))
    #expect(c["x"] as? [Int] == [1])
  }

  @Test func mkForceBeatsPlainAndPlainBeatsMkDefault() throws {
    let c = try mycelium(try config(instance: "{ x = lib.mkDefault 1; y = 5; }", role: "{ x = 2; }", machine: "{ y = lib.mkForce 6; }"))
    #expect(c["x"] as? Int == 2)
    #expect(c["y"] as? Int == 6)
  }

  @Test func mkOverrideNumbersDecide() throws {
    let c = try mycelium(try config(instance: "{ x = lib.mkOverride 10 1; }", role: "{ x = lib.mkForce 2; }"))
    #expect(c["x"] as? Int == 1)
  }

  @Test func mkMergeSplicesAndMkIfDrops() throws {
    let c = try mycelium(try config(instance: "lib.mkMerge [ { x = 1; } (lib.mkIf false { y = 2; }) (lib.mkIf true { z = 3; }) ]"))
    #expect(c["x"] as? Int == 1)
    #expect(c["y"] == nil)
    #expect(c["z"] as? Int == 3)
  }

  @Test func differentScalarsConflictWithBothPositions() throws {
    let outcome = try config(instance: "{ x = 1; }", machine: "{ x = 2; }")
    let clan = try #require(outcome.clan)
    #expect(clan.errors.count == 1)
    let text = clan.errors[0].render(clan.sources)
    #expect(text.contains("The option `machines.a.config.clan.mycelium.x' has conflicting definition values"))
    #expect(text.contains("clan.nix:5:16': 1"))
    #expect(text.contains("clan.nix:7:27': 2"))
    #expect(clan.errors[0].code == .configConflict)
  }

  @Test func differentListsConflictInLegacyConfig() throws {
    let clan = try #require(try config(instance: "{ x = [ 1 ]; }", role: "{ x = [ 2 ]; }").clan)
    #expect(clan.errors.count == 1)
  }

  @Test func settingsListsConcatenateTagMachineRole() throws {
    let clan = try #require(try resolve("""
      buildClan {
        inventory.machines.a.tags = [ "t" ];
        inventory.instances.i = {
          module.name = "borgbackup";
          roles.client.tags.t.settings.exclude = [ "tag" ];
          roles.client.machines.a.settings.exclude = [ "machine" ];
          roles.client.settings.exclude = [ "role" ];
        };
      }
      """).clan)
    let json = try dumpJSON(clan)
    let i = try #require(machine(json, "a")?["instances"] as? [String: Any])
    let settings = ((((i["i"] as! [String: Any])["roles"] as! [String: Any])["client"] as! [String: Any])["settings"]) as! [String: Any]
    #expect(settings["exclude"] as? [String] == ["tag", "machine", "role"])
  }

  @Test func unknownOptionSaysWhereAndSuggests() throws {
    let outcome = try resolve("""
      buildClan {
        inventory.machines.a = { tgas = [ "x" ]; };
      }
      """)
    #expect(outcome.code == .unknownOption)
    let text = try #require(outcome.error)
    #expect(text.contains("The option `inventory.machines.a.tgas' does not exist."))
    #expect(text.contains("clan.nix:2:28"))
    #expect(text.contains("did you mean `tags'"))
  }

  @Test func wrongTypeNamesTheType() throws {
    let outcome = try resolve("buildClan { inventory.machines.a.tags = \"x\"; }")
    #expect(outcome.code == .wrongType)
    #expect(outcome.error?.contains("is not of type `list of string'") == true)
  }

  @Test func machineClassIsAnEnum() throws {
    let outcome = try resolve("buildClan { inventory.machines.a.machineClass = \"windows\"; }")
    #expect(outcome.code == .wrongType)
    #expect(outcome.error?.contains("one of \"nixos\", \"darwin\"") == true)
  }

  @Test func jsonAndNixConflictNamesBothFiles() throws {
    let outcome = try resolve(
      "buildClan { directory = ./.; inventory.machines.jon.deploy.targetHost = \"root@nix\"; }",
      files: ["inventory.json": #"{ "machines": { "jon": { "deploy": { "targetHost": "root@json" } } } }"#])
    #expect(outcome.code == .configConflict)
    let text = try #require(outcome.error)
    #expect(text.contains("clan.nix:1:"))
    #expect(text.contains("inventory.json:1:"))
    #expect(text.contains("\"root@nix\"") && text.contains("\"root@json\""))
  }
}
