import Foundation
import Testing

/// `nixinv diff` end to end: two clans, two git revisions, formats, errors and exit codes.
@Suite struct DiffCommandTests {
  /// A small clan; each test changes a line of it.
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

  /// A fresh folder (removed by the caller).
  func folder() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nixinv-diff-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// `nixinv diff [options] OLD NEW` of `old` and `old` with `edit` made.
  func diff(_ edit: (String, String), old: String = base, _ options: [String] = []) throws -> Nixinv.Outcome {
    #expect(old.contains(edit.0), "edit '\(edit.0)' does not apply")
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = dir.appendingPathComponent("old.nix")
    let b = dir.appendingPathComponent("new.nix")
    try old.write(to: a, atomically: true, encoding: .utf8)
    try old.replacingOccurrences(of: edit.0, with: edit.1).write(to: b, atomically: true, encoding: .utf8)
    return try Nixinv.run(["diff"] + options + [a.path, b.path])
  }

  /// The changed machines (`--name-only`) after `edit`, checking the exit status.
  func changed(_ edit: (String, String), old: String = base) throws -> [String] {
    let r = try diff(edit, old: old, ["--name-only"])
    #expect(r.status == 1)
    #expect(r.stderr.isEmpty)
    return r.stdout.split(separator: "\n").map(String.init)
  }

  @Test func identicalClansPrintNothingAndExitZero() throws {
    for options in [[], ["--name-only"]] {
      let r = try diff(("b.tags", "b.tags"), options)
      #expect(r.status == 0)
      #expect(r.stdout.isEmpty)
      #expect(r.stderr.isEmpty)
    }
    let same = try Nixinv.run(["diff", "fixtures/sample-clan", "fixtures/sample-clan/flake.nix"])
    #expect(same.status == 0 && same.stdout.isEmpty)
  }

  @Test func eachKindOfChangeListsOnlyTheMachinesItChanges() throws {
    #expect(try changed(("c.machineClass = \"nixos\";", "c = { machineClass = \"nixos\"; tags = [ \"extra\" ]; };")) == ["c"])
    #expect(try changed(("roles.controller.machines.a", "roles.controller.machines.b")) == ["a", "b"])
    #expect(try changed(("\"daily\"", "\"hourly\"")) == ["a", "b"])
    #expect(try changed(("emergency-access", "certificates")) == ["b"])
    #expect(try changed(("root@a.lan", "root@a.example.org")) == ["a"])
    #expect(try changed(("[ \"lan\" ]", "[ \"lan\" \"vpn\" ]")) == ["c"])
    let withD = ("b.tags = [ \"web\" ];", "b.tags = [ \"web\" ];\n      d = { };")
    #expect(try changed(withD) == ["d"])
    #expect(try changed((withD.1, withD.0), old: Self.base.replacingOccurrences(of: withD.0, with: withD.1)) == ["d"])
  }

  @Test func humanOutputSaysHowEachMachineChanges() throws {
    let tag = try diff(("c.machineClass = \"nixos\";", "c = { machineClass = \"nixos\"; tags = [ \"extra\" ]; };"))
    #expect(tag.stdout == " c | 1 +\n 1 machine changed\n\nc\n  + tag extra\n")
    let moved = try diff(("roles.controller.machines.a", "roles.controller.machines.b")).stdout
    #expect(moved.contains("\na\n  - role zerotier.controller (zerotier)\n"))
    #expect(moved.contains("\nb\n  + role zerotier.controller (zerotier)\n"))
    #expect(moved.contains("\ninstance zerotier (zerotier)\n  + controller: b\n  - controller: a\n"))
    let setting = try diff(("\"daily\"", "\"hourly\"")).stdout
    #expect(setting.contains("  ~ setting borgbackup.client.startAt: \"daily\" → \"hourly\"\n"))
    let swapped = try diff(("emergency-access", "certificates")).stdout
    #expect(swapped.contains("  ~ module of rescue: emergency-access → certificates\n"))
    #expect(swapped.contains("  + setting rescue.default.acmeEmail: \"none@none.tld\"\n"))
    let host = try diff(("root@a.lan", "root@a.example.org")).stdout
    #expect(host.contains("  ~ deploy.targetHost: \"root@a.lan\" → \"root@a.example.org\"\n"))
    let config = try diff(("[ \"lan\" ]", "[ \"lan\" \"vpn\" ]")).stdout
    #expect(config.contains("  ~ config sshd.certificate.searchDomains: [\"lan\"] → [\"lan\",\"vpn\"]\n"))
    let added = try diff(("b.tags = [ \"web\" ];", "b.tags = [ \"web\" ];\n      d = { };")).stdout
    #expect(added.hasPrefix(" d | "))
    #expect(added.contains("\nd (added)\n  + machineClass: \"nixos\"\n  + tag all\n"))
    #expect(!added.contains("\u{1B}"), "no colour when not on a terminal")
  }

  @Test func fixturesInEveryFormat() throws {
    let args = ["fixtures/diff/old.nix", "fixtures/diff/new.nix"]
    let names = try Nixinv.run(["diff", "--name-only"] + args)
    #expect(names.status == 1)
    #expect(names.stdout == "db\ngateway\nlaptop\nold-box\nweb1\nweb2\nweb3\n")
    let human = try Nixinv.run(["diff"] + args)
    #expect(human.status == 1)
    #expect(human.stdout.hasPrefix(" db      | 2 ++\n gateway | 3 --~\n"))
    #expect(human.stdout.contains(" 7 machines changed (1 added, 1 removed), 3 instances changed\n"))
    #expect(!human.stdout.contains("printer"))
    let json = try Nixinv.run(["diff", "--format", "json"] + args)
    #expect(json.status == 1)
    let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    let machines = doc["machines"] as! [String: Any]
    #expect(machines.keys.sorted() == ["db", "gateway", "laptop", "old-box", "web1", "web2", "web3"])
    #expect((machines["web3"] as! [String: Any])["status"] as? String == "added")
    #expect(((machines["web1"] as! [String: Any])["tags"] as! [String: [String]])["added"] == ["edge"])
    let markdown = try Nixinv.run(["diff", "--format", "markdown"] + args)
    #expect(markdown.status == 1)
    #expect(markdown.stdout.hasPrefix("### nixinv diff: `fixtures/diff/old.nix` → `fixtures/diff/new.nix`\n"))
    #expect(markdown.stdout.contains("| `old-box` (removed) | 0 | 4 | 0 |\n"))
    #expect(markdown.stdout.contains("#### `web2`\n\n```diff\n- deploy.targetHost: \"root@web2.lan\"\n+ deploy.targetHost: \"root@web2.example.org\"\n"))
    let narrowed = try Nixinv.run(["diff", "--machine", "web2", "--machine", "printer"] + args)
    #expect(narrowed.stdout.hasPrefix(" web2 | 2 ~~\n 1 machine changed\n"))
    let unchanged = try Nixinv.run(["diff", "--machine", "printer", "--format", "json"] + args)
    #expect(unchanged.status == 0)
    #expect(unchanged.stdout.contains("\"changed\": false"))
    let nobody = try Nixinv.run(["diff", "--machine", "nobody"] + args)
    #expect(nobody.status == 2)
    #expect(nobody.stderr.contains("neither clan has a machine 'nobody'"))
  }

  @Test func usageAndLoadErrorsExitTwo() throws {
    #expect(try Nixinv.run(["diff"]).status == 2)
    #expect(try Nixinv.run(["diff", "--format", "yaml", "fixtures/diff/old.nix", "fixtures/diff/new.nix"]).status == 2)
    let missing = try Nixinv.run(["diff", "fixtures/diff/old.nix", "no/such.nix"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("cannot read 'no/such.nix'"))
    let help = try Nixinv.run(["diff", "--help"])
    #expect(help.status == 0 && help.stdout.contains("REV1 [REV2] [PATH]"))
  }

  @Test func bothBrokenClansAreReportedNotDiffed() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    try "buildClan { inventory.machines.a = { } }".write(to: dir.appendingPathComponent("old.nix"), atomically: true, encoding: .utf8)
    try "buildClan { inventory.machines = 1 + \"x\"; }".write(to: dir.appendingPathComponent("new.nix"), atomically: true, encoding: .utf8)
    let r = try Nixinv.run(["diff", dir.appendingPathComponent("old.nix").path, dir.appendingPathComponent("new.nix").path])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("the old clan"))
    #expect(r.stderr.contains("the new clan"))
    #expect(r.stderr.contains("old.nix:1:"))
    #expect(r.stderr.contains("new.nix:1:"))
  }

  /// `base` with a conflict: two legacy sshd instances give machine c different search domains.
  static let conflicting = base.replacingOccurrences(
    of: "services.sshd.x = {",
    with: "services.sshd.y = { roles.server.machines = [ \"c\" ]; config.certificate.searchDomains = [ \"wan\" ]; };\n    services.sshd.x = {")

  @Test func conflictsAreWarningsAndTheClansStillDiff() throws {
    let r = try diff(("root@a.lan", "root@a.example.org"), old: Self.conflicting)
    #expect(r.status == 1)
    #expect(r.stdout.hasPrefix(" a | 1 ~\n"))
    #expect(r.stderr.hasPrefix("warning: the old clan ("))
    #expect(r.stderr.contains("\nwarning: the new clan ("))
    #expect(r.stderr.contains("conflicting definition values"))
    let json = try diff(("root@a.lan", "root@a.example.org"), old: Self.conflicting, ["--format", "json"])
    let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    let errors = doc["errors"] as! [String: [[String: String]]]
    #expect(errors["old"]?.first?["code"] == "config-conflict")
    #expect(errors["new"]?.count == 1)
  }

  // MARK: - Git revisions

  /// Runs git in `dir`, failing the test on a non-zero exit.
  @discardableResult
  func git(_ arguments: [String], in dir: URL) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "-c", "user.name=nixinv", "-c", "user.email=nixinv@example.org", "-c", "init.defaultBranch=main"] + arguments
    p.currentDirectoryURL = dir
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A repository holding the sample clan (a flake with machines/ folders and inventory.json) in
  /// `clan/`: a first commit, then a second that moves sara to another host.
  func repository() throws -> URL {
    let dir = try folder()
    try FileManager.default.copyItem(at: Nixinv.root.appendingPathComponent("fixtures/sample-clan"), to: dir.appendingPathComponent("clan"))
    try git(["init", "-q"], in: dir)
    try git(["add", "-A"], in: dir)
    try git(["commit", "-q", "-m", "first"], in: dir)
    try edit(dir.appendingPathComponent("clan/inventory.json"), "root@sara.lan", "root@sara.example.org")
    try git(["commit", "-q", "-a", "-m", "second"], in: dir)
    return dir
  }

  func edit(_ file: URL, _ from: String, _ to: String) throws {
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text.contains(from))
    try text.replacingOccurrences(of: from, with: to).write(to: file, atomically: true, encoding: .utf8)
  }

  @Test func twoRevisionsAndTheWorkingTree() throws {
    let repo = try repository()
    defer { try? FileManager.default.removeItem(at: repo) }
    let scratch = try folder()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let env = ["TMPDIR": scratch.path]
    let clan = repo.appendingPathComponent("clan").path
    let first = try git(["rev-parse", "HEAD~1"], in: repo)

    let r = try Nixinv.run(["diff", first, "HEAD", clan], environment: env)
    #expect(r.status == 1)
    #expect(r.stdout == " sara | 1 ~\n 1 machine changed\n\nsara\n  ~ deploy.targetHost: \"root@sara.lan\" → \"root@sara.example.org\"\n")
    #expect(r.stderr.isEmpty)
    // The revisions were read into the scratch folder, and it is gone.
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)

    // REV2 defaults to the working tree: unchanged first, then with an edit not committed.
    #expect(try Nixinv.run(["diff", "HEAD", clan], environment: env).status == 0)
    try edit(repo.appendingPathComponent("clan/flake.nix"), "sara.tags = [ \"laptop\" \"backup\" ];", "sara.tags = [ \"laptop\" ];")
    let worktree = try Nixinv.run(["diff", "--name-only", "HEAD~1", clan], environment: env)
    #expect(worktree.status == 1)
    #expect(worktree.stdout == "sara\n")
    let details = try Nixinv.run(["diff", "HEAD", clan], environment: env).stdout
    #expect(details.contains("  - tag backup\n  - role borgbackup.client (borgbackup)\n"))
    #expect(!details.contains("deploy.targetHost"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
  }

  @Test func aRevisionWithASyntaxErrorIsAnError() throws {
    let repo = try repository()
    defer { try? FileManager.default.removeItem(at: repo) }
    try edit(repo.appendingPathComponent("clan/flake.nix"), "meta.name = \"sample\";", "meta.name = \"sample\"")
    try git(["commit", "-q", "-a", "-m", "broken"], in: repo)
    let clan = repo.appendingPathComponent("clan").path
    let r = try Nixinv.run(["diff", "HEAD~1", "HEAD", clan])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.hasPrefix("the new clan (HEAD) does not resolve:\nerror: syntax error"))
    #expect(r.stderr.contains("at HEAD:clan/flake.nix:"))
    #expect(!r.stderr.contains("the old clan"))
    let both = try Nixinv.run(["diff", "HEAD", clan])
    #expect(both.status == 2)
    #expect(both.stderr.contains("the new clan (working tree) does not resolve:"))
    let unknown = try Nixinv.run(["diff", "no-such-revision", clan])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("'no-such-revision' is neither an existing file or folder nor a git revision"))
  }

  @Test func theSameErrorsInTwoRevisionsAreWarnedOnce() throws {
    let repo = try folder()
    defer { try? FileManager.default.removeItem(at: repo) }
    let file = repo.appendingPathComponent("clan.nix")
    try Self.conflicting.write(to: file, atomically: true, encoding: .utf8)
    try git(["init", "-q"], in: repo)
    try git(["add", "-A"], in: repo)
    try git(["commit", "-q", "-m", "first"], in: repo)
    try edit(file, "root@a.lan", "root@a.example.org")
    try git(["commit", "-q", "-a", "-m", "second"], in: repo)
    let r = try Nixinv.run(["diff", "HEAD~1", "HEAD", file.path])
    #expect(r.status == 1)
    #expect(r.stdout.hasPrefix(" a | 1 ~\n"))
    #expect(r.stderr.hasPrefix("warning: both clans resolve with the same 1 error (compared as far as they resolve):\n"))
    #expect(r.stderr.components(separatedBy: "conflicting definition values").count == 2)
    #expect(r.stderr.contains("HEAD:clan.nix"))
  }
}
