import Foundation
import Inventory
import Testing

/// Tags and role membership.
@Suite struct ResolverTests {
  @Test func tagsFunctionFormSeesMachinesAndBuiltins() throws {
    let clan = try #require(try resolve("""
      buildClan {
        inventory.machines = { a = { }; b = { machineClass = "darwin"; }; c = { }; };
        inventory.tags = { config, machines, ... }: {
          macs = builtins.filter (n: machines.${n}.machineClass == "darwin") config.all;
          notA = builtins.filter (n: n != "a") config.nixos;
        };
      }
      """).clan)
    let tags = Dictionary(uniqueKeysWithValues: clan.machines.map { ($0.machine.name, $0.tags) })
    #expect(tags["a"] == ["all", "nixos"])
    #expect(tags["b"] == ["all", "darwin", "macs"])
    #expect(tags["c"] == ["all", "nixos", "notA"])
  }

  @Test func mkForceOverridesBuiltinTag() throws {
    let clan = try #require(try resolve("""
      buildClan { inventory.machines = { jon = { }; sara = { }; }; inventory.tags.all = lib.mkForce [ "jon" ]; }
      """).clan)
    #expect(clan.machines.map(\.tags) == [["all", "nixos"], ["nixos"]])
  }

  @Test func unknownTagWarnsWithSuggestion() throws {
    let clan = try #require(try resolve("""
      buildClan {
        inventory.machines.a.tags = [ "backup" ];
        inventory.instances.i = { module.name = "borgbackup"; roles.client.tags = [ "bakcup" ]; };
      }
      """).clan)
    #expect(clan.warnings.count == 1)
    #expect(clan.warnings[0].code == .unknownTag)
    #expect(clan.warnings[0].help?.contains("did you mean 'backup'") == true)
    #expect(clan.instances[0].roles[0].members.isEmpty)
  }

  @Test func legacyMembersKeepWrittenOrderThenTagsSorted() throws {
    let clan = try #require(try resolve("""
      buildClan {
        inventory.machines = { z = { tags = [ "t" ]; }; a = { tags = [ "t" ]; }; m = { }; };
        inventory.services.borgbackup.i.roles.client = { machines = [ "m" "a" ]; tags = [ "t" ]; };
      }
      """).clan)
    let roles = clan.services[0].instances[0].roles
    #expect(roles.map(\.name) == ["client", "server"])
    #expect(roles[0].members == ["m", "a", "z"])
    #expect(roles[1].members == [])
  }

  @Test func conflictsAreReportedInMachineNameOrder() throws {
    let names = (0..<40).map { "m\($0)" }
    let machines = names.map { "\($0) = { tags = [ \"r1\" \"r2\" ]; };" }.joined(separator: " ")
    let clan = try #require(try resolve("""
      buildClan {
        inventory.machines = { \(machines) };
        inventory.services.zerotier = {
          one = { roles.peer.tags = [ "r1" ]; config.networkName = "one"; };
          two = { roles.peer.tags = [ "r2" ]; config.networkName = "two"; };
        };
      }
      """).clan)
    let named = clan.errors.compactMap { e in names.first { e.message.contains("machines.\($0).config") } }
    #expect(named.count == 40)
    #expect(named == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
  }

  @Test func canonicallyEquivalentMachineNamesAreNotACrash() throws {
    // "é" as one code point and as "e" plus a combining accent: equal as Swift strings.
    let clan = try #require(try resolve("""
      buildClan {
        inventory.machines = { "\u{e9}" = { }; "e\u{301}" = { }; a = { }; };
        inventory.instances.sshd.roles.server.machines."\u{e9}" = { };
      }
      """).clan)
    #expect(clan.machines.contains { $0.machine.id == "a" })
  }

  @Test func instanceMembersMixUnknownNamesInNameOrder() throws {
    let clan = try #require(try resolve("""
      buildClan {
        inventory.machines = { b = { tags = [ "t" ]; }; a = { tags = [ "t" ]; }; d = { }; };
        inventory.instances.sshd.roles.server = { machines = { c = { }; d = { }; a = { }; }; tags.t = { }; };
      }
      """).clan)
    #expect(clan.instances[0].roles[0].members == ["a", "b", "c", "d"])
    #expect(clan.machines.map { $0.instances.map(\.name) } == [["sshd"], ["sshd"], ["sshd"]])
  }

  @Test func instanceModuleNameDefaultsToInstanceName() throws {
    let clan = try #require(try resolve("buildClan { inventory.machines.a = { }; inventory.instances.sshd.roles.server.machines.a = { }; }").clan)
    #expect(clan.instances[0].moduleName == "sshd")
    #expect(clan.instances[0].moduleInput == nil)
  }

  @Test func unknownServiceRoleIsAnErrorWithSuggestion() throws {
    let outcome = try resolve("buildClan { inventory.instances.i = { module.name = \"borgbackup\"; roles.clients.machines.a = { }; }; }")
    #expect(outcome.code == .unknownRole)
    #expect(outcome.error?.contains("did you mean 'client'") == true)
  }

  @Test func machineFoldersAndMachinesArgumentAreMachines() throws {
    let outcome = try resolve(
      "buildClan { directory = ./.; machines.fromArg = { }; }",
      files: ["machines/fromDir/configuration.nix": "{ }", "machines/notADir.nix": "{ }"])
    let clan = try #require(outcome.clan)
    #expect(clan.machines.map(\.machine.name) == ["fromArg", "fromDir"])
  }

  @Test func selfModulesAreReadLazily() throws {
    let clan = try #require(try resolve("""
      buildClan {
        modules.hello = { lib, ... }: { _class = "clan.service"; manifest.name = "hello"; roles.a = throw "not read"; roles.b = { }; };
        inventory.machines.m = { };
        inventory.instances.h = { module = { name = "hello"; input = "self"; }; roles.b.machines.m = { }; };
      }
      """).clan)
    #expect(clan.instances[0].roles.map(\.members) == [["m"]])
  }
}
