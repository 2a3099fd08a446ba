import Foundation
import Inventory
import Testing

/// `ClanDiff.compare` and its renderers: each kind of change, on the machines it reaches only.
@Suite struct ClanDiffTests {
  /// A small clan: three machines, three clan.service instances, a legacy service.
  static let base = """
    buildClan {
      inventory = {
        machines = {
          a = { tags = [ "web" ]; deploy.targetHost = "root@a.lan"; };
          b.tags = [ "web" ];
          c.machineClass = "nixos";
        };
        instances = {
          zerotier = { roles.controller.machines.a = { }; roles.peer.tags.all = { }; };
          borgbackup = {
            roles.server.machines.c = { };
            roles.client.tags.web = { };
            roles.client.settings.startAt = "daily";
          };
          rescue = { module.name = "emergency-access"; roles.default.machines.b = { }; };
        };
        services.sshd.x = { roles.server.machines = [ "c" ]; config.certificate.searchDomains = [ "lan" ]; };
      };
    }
    """

  /// The diff of `base` against `base` with `edits` (text → text) made, after defaults.
  func diff(_ edits: [(String, String)], old: String = base, only: Set<String>? = nil) throws -> ClanDiff {
    var new = old
    for (from, to) in edits {
      #expect(new.contains(from), "edit '\(from)' does not apply")
      new = new.replacingOccurrences(of: from, with: to)
    }
    let a = try #require(try resolve(old, withDefaults: true).clan)
    let b = try #require(try resolve(new, withDefaults: true).clan)
    return ClanDiff.compare(old: a, new: b, only: only)
  }

  @Test func identicalClansHaveNoDifference() throws {
    let d = try diff([])
    #expect(d.isEmpty)
    #expect(DiffHumanRenderer.render(d, colour: true) == "")
  }

  @Test func tagAdded() throws {
    let d = try diff([("c.machineClass = \"nixos\";", "c = { machineClass = \"nixos\"; tags = [ \"extra\" ]; };")])
    #expect(d.machines.map(\.name) == ["c"])
    #expect(d.machines[0].tagsAdded == ["extra"])
    #expect(d.machines[0].counts.added == 1 && d.machines[0].counts.removed == 0 && d.machines[0].counts.changed == 0)
    #expect(d.instances.isEmpty)
  }

  @Test func roleMovedChangesBothMachinesAndTheInstance() throws {
    let d = try diff([("roles.controller.machines.a", "roles.controller.machines.b")])
    #expect(d.machines.map(\.name) == ["a", "b"])
    let zerotier = ModuleRef(name: "zerotier", input: nil)
    #expect(d.machines[0].rolesLost == [InstanceRoleRef(instance: "zerotier", role: "controller", module: zerotier)])
    #expect(d.machines[1].rolesGained == [InstanceRoleRef(instance: "zerotier", role: "controller", module: zerotier)])
    // The role's defaults go with it.
    #expect(d.machines[1].settings.contains { $0.instance == "zerotier" && $0.old == nil && $0.new != nil })
    #expect(d.instances.map(\.name) == ["zerotier"])
    #expect(d.instances[0].roles == [MembersChange(role: "controller", added: ["b"], removed: ["a"])])
  }

  @Test func settingChanged() throws {
    let d = try diff([("\"daily\"", "\"hourly\"")])
    #expect(d.machines.map(\.name) == ["a", "b"])
    for m in d.machines {
      #expect(m.settings == [SettingChange(instance: "borgbackup", role: "client", path: ["startAt"], old: .string("daily"), new: .string("hourly"))])
    }
    #expect(d.instances.isEmpty)
  }

  @Test func swappedModuleShowsTheNewDefault() throws {
    let d = try diff([("emergency-access", "certificates")])
    #expect(d.machines.map(\.name) == ["b"])
    let m = d.machines[0]
    #expect(m.modules == [ModuleChange(instance: "rescue", old: ModuleRef(name: "emergency-access", input: nil), new: ModuleRef(name: "certificates", input: nil))])
    #expect(m.rolesGained.isEmpty && m.rolesLost.isEmpty)
    #expect(m.settings == [SettingChange(instance: "rescue", role: "default", path: ["acmeEmail"], old: nil, new: .string("none@none.tld"))])
    #expect(d.instances.map(\.name) == ["rescue"])
    #expect(d.instances[0].oldModule?.name == "emergency-access")
  }

  @Test func machineAddedAndRemoved() throws {
    let withD = ("b.tags = [ \"web\" ];", "b.tags = [ \"web\" ];\n      d.deploy.targetHost = \"d.lan\";")
    let d = try diff([withD])
    #expect(d.machines.map(\.name) == ["d"])
    let m = d.machines[0]
    #expect(m.status == .added)
    #expect(m.tagsAdded == ["all", "nixos"])
    #expect(m.rolesGained.map(\.instance) == ["zerotier"])
    #expect(m.fields.contains(ValueChange(path: ["deploy", "targetHost"], old: nil, new: .string("d.lan"))))
    #expect(m.settings.isEmpty)
    #expect(d.instances.first?.roles == [MembersChange(role: "peer", added: ["d"], removed: [])])
    let back = try diff([(withD.1, withD.0)], old: Self.base.replacingOccurrences(of: withD.0, with: withD.1))
    #expect(back.machines.map(\.name) == ["d"])
    #expect(back.machines[0].status == .removed)
    #expect(back.machines[0].tagsRemoved == ["all", "nixos"])
  }

  @Test func targetHostChanged() throws {
    let d = try diff([("root@a.lan", "root@a.example.org")])
    #expect(d.machines.map(\.name) == ["a"])
    #expect(d.machines[0].fields == [ValueChange(path: ["deploy", "targetHost"], old: .string("root@a.lan"), new: .string("root@a.example.org"))])
  }

  @Test func legacyConfigChanged() throws {
    let d = try diff([("[ \"lan\" ]", "[ \"lan\" \"vpn\" ]")])
    #expect(d.machines.map(\.name) == ["c"])
    #expect(d.machines[0].config == [ValueChange(path: ["sshd", "certificate", "searchDomains"], old: .strings(["lan"]), new: .strings(["lan", "vpn"]))])
  }

  @Test func legacyServiceMembersChanged() throws {
    let d = try diff([("roles.server.machines = [ \"c\" ];", "roles.server.machines = [ \"a\" ];")])
    #expect(d.machines.map(\.name) == ["a", "c"])
    #expect(d.machines[0].servicesGained == [ServiceRoleRef(module: "sshd", instance: "x", role: "server")])
    #expect(d.machines[0].config.first?.path == ["sshd", "certificate", "searchDomains"])
    #expect(d.machines[0].importsAdded == ["<clan-core>/clanModules/sshd/roles/server.nix"])
    #expect(d.machines[1].servicesLost.count == 1)
    #expect(d.services.map(\.name) == ["x"])
    #expect(d.services[0].module.name == "sshd")
    #expect(d.services[0].roles == [MembersChange(role: "server", added: ["a"], removed: ["c"])])
  }

  @Test func onlyNarrowsMachinesAndMembers() throws {
    let d = try diff([("roles.controller.machines.a", "roles.controller.machines.b")], only: ["b"])
    #expect(d.machines.map(\.name) == ["b"])
    #expect(d.instances.first?.roles == [MembersChange(role: "controller", added: ["b"], removed: [])])
    #expect(try diff([("roles.controller.machines.a", "roles.controller.machines.b")], only: ["c"]).isEmpty)
  }

  @Test func valuesAreComparedAtTheirLeaves() throws {
    let old: Plain = .object([("a", .object([("x", .int(1)), ("y", .object([]))])), ("list", .strings(["p"]))])
    let new: Plain = .object([("a", .object([("x", .int(2)), ("z", .null)])), ("list", .strings(["p", "q"]))])
    let a = try #require(try resolve(Self.base, withDefaults: true).clan)
    var b = a
    var old0 = a
    old0.machines[0].config = old.object!
    b.machines[0].config = new.object!
    let d = ClanDiff.compare(old: old0, new: b)
    // `y = { }` against nothing is no change; `z = null` is a value.
    #expect(d.machines.first?.config == [
      ValueChange(path: ["a", "x"], old: .int(1), new: .int(2)),
      ValueChange(path: ["a", "z"], old: nil, new: .null),
      ValueChange(path: ["list"], old: .strings(["p"]), new: .strings(["p", "q"])),
    ])
  }

  @Test func humanRenderingIsAStatThenTheDetails() throws {
    let d = try diff([("roles.controller.machines.a", "roles.controller.machines.b"), ("root@a.lan", "root@a.example.org")])
    let text = DiffHumanRenderer.render(d, colour: false)
    #expect(text.hasPrefix(" a | 3 --~\n b | 2 ++\n 2 machines changed, 1 instance changed\n\na\n"))
    #expect(text.contains("  ~ deploy.targetHost: \"root@a.lan\" → \"root@a.example.org\"\n"))
    #expect(text.contains("  - role zerotier.controller (zerotier)\n"))
    #expect(text.contains("\ninstance zerotier (zerotier)\n  + controller: b\n  - controller: a\n"))
    #expect(!text.contains("\u{1B}"))
    #expect(DiffHumanRenderer.render(d, colour: true).contains("\u{1B}[32m+ role zerotier.controller (zerotier)\u{1B}[0m"))
  }

  @Test func jsonRenderingIsStable() throws {
    let d = try diff([("\"daily\"", "\"hourly\"")])
    let bytes = DiffJSONRenderer.render(d)
    let json = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
    #expect(json["version"] as? Int == 1)
    #expect(json["changed"] as? Bool == true)
    let a = (json["machines"] as! [String: Any])["a"] as! [String: Any]
    #expect(a["status"] as? String == "changed")
    let setting = (a["settings"] as! [[String: Any]])[0]
    #expect(setting["path"] as? [String] == ["startAt"])
    #expect(setting["old"] as? String == "daily" && setting["new"] as? String == "hourly")
    #expect(Set(a.keys) == ["config", "fields", "imports", "modules", "roles", "services", "settings", "status", "tags"])
    #expect(DiffJSONRenderer.render(d) == bytes)
    let empty = try JSONSerialization.jsonObject(with: Data(DiffJSONRenderer.render(ClanDiff()))) as! [String: Any]
    #expect(empty["changed"] as? Bool == false)
  }

  @Test func markdownSplitsChangesIntoOldAndNewLines() throws {
    let d = try diff([("root@a.lan", "root@a.example.org")])
    let text = DiffMarkdownRenderer.render(d, old: "main", new: "HEAD")
    #expect(text.hasPrefix("### nixinv diff: `main` → `HEAD`\n\n1 machine changed.\n"))
    #expect(text.contains("| `a` | 0 | 0 | 1 |\n"))
    #expect(text.contains("```diff\n- deploy.targetHost: \"root@a.lan\"\n+ deploy.targetHost: \"root@a.example.org\"\n```\n"))
    #expect(DiffMarkdownRenderer.render(ClanDiff(), old: "a", new: "b").hasSuffix("No machine changes.\n"))
  }
}
