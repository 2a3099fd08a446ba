import Foundation
import Inventory
import Testing

/// The inputs `nixinv dump` reads: flakes (buildClan, lib.clan with imports, flake-parts),
/// inventory.json, folders; and the errors for what is not a clan.
@Suite struct LoaderTests {
  func fixture(_ path: String) -> String { packageRoot.appendingPathComponent("fixtures/" + path).path }

  @Test func sampleFlake() throws {
    let clan = try #require(resolve(path: fixture("sample-clan")).clan)
    #expect(clan.meta.name == "sample")
    #expect(clan.machines.map(\.machine.name) == ["backup", "jon", "sara"])
    let sara = clan.machines[2]
    #expect(sara.machine.targetHost == "root@sara.lan")  // from inventory.json
    #expect(sara.tags == ["laptop", "backup", "all", "nixos"])
    #expect(clan.instances.map(\.name) == ["admin", "borgbackup", "zerotier"])
  }

  @Test func libClanWithImports() throws {
    let clan = try #require(resolve(path: fixture("clan-lib/flake.nix")).clan)
    #expect(clan.meta.name == "lib-clan")
    #expect(clan.instances[0].roles[0].members == ["alpha", "beta"])
  }

  @Test func flakeParts() throws {
    let clan = try #require(resolve(path: fixture("clan-flake-parts")).clan)
    #expect(clan.meta.name == "parts")
    #expect(clan.instances[0].roles.map(\.members) == [["web"], ["db", "web"]])
  }

  @Test func inventoryJSONAlone() throws {
    let clan = try #require(resolve(path: fixture("sample-clan/inventory.json")).clan)
    #expect(clan.machines.map(\.machine.name) == ["backup", "jon", "sara"])
  }

  @Test func unknownFlakeInputFailsOnlyWhenUsed() throws {
    let dir = try temporaryClan([
      "flake.nix": """
        {
          inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
          inputs.home-manager.url = "github:nix-community/home-manager";
          outputs = { self, clan-core, home-manager, ... }: {
            clanInternals = (clan-core.lib.buildClan {
              inherit self;
              specialArgs = { inherit home-manager; };
              inventory.machines.a.tags = [ home-manager.x ];
            }).clanInternals;
          };
        }
        """
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = resolve(path: dir.path)
    #expect(outcome.error?.contains("flake input 'home-manager' is not available offline; pass --input home-manager=PATH") == true)
  }

  @Test func boundInputIsRead() throws {
    let dir = try temporaryClan([
      "flake.nix": """
        {
          inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
          inputs.shared.url = "github:example/shared";
          outputs = { self, clan-core, shared, ... }: clan-core.lib.buildClan {
            inherit self;
            inventory.machines = shared.machines;
          };
        }
        """,
      "shared/default.nix": "{ machines = { x = { }; y = { }; }; }",
    ])
    defer { try? FileManager.default.removeItem(at: dir) }
    var options = LoadOptions()
    options.inputs["shared"] = dir.appendingPathComponent("shared").path
    let clan = try #require(resolve(path: dir.path, options: options).clan)
    #expect(clan.machines.map(\.machine.name) == ["x", "y"])
  }

  @Test func notAClan() throws {
    let outcome = try resolve("{ a = 1; }")
    #expect(outcome.code == .input)
    #expect(outcome.error?.contains("is not a clan") == true)
  }

  @Test func syntaxErrorIsLocated() throws {
    let outcome = try resolve("buildClan { inventory = { machines.a = {} }; }")
    #expect(outcome.code == .syntaxError)
    #expect(outcome.error?.contains("clan.nix:1:") == true)
  }

  @Test func evaluationErrorHasTrace() throws {
    let outcome = try resolve("buildClan { inventory.machines = builtins.listToAttrs (map (n: throw \"no \\(n)\") [ \"a\" ]); }")
    #expect(outcome.code == .evalError)
  }

  @Test func readsOutsideTheClanAreRefused() throws {
    let outcome = try resolve("buildClan { inventory.meta.name = builtins.readFile /etc/hostname; }")
    #expect(outcome.error?.contains("--allow-read") == true)
  }
}
