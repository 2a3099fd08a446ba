import Foundation
import Testing

/// `nixinv lint` and `nixinv explain` end to end: golden renderings, formats, exit codes.
@Suite struct LintCommandTests {
  static let goldens = ["typos", "clean", "broken"]

  @Test(arguments: goldens)
  func humanAndGccRenderingsMatchTheirGoldens(_ name: String) throws {
    for (format, ext) in [("human", "human"), ("gcc", "gcc")] {
      let r = try Nixinv.run(["lint", "--format", format, "fixtures/lint/\(name).nix"])
      let golden = try String(contentsOf: Nixinv.root.appendingPathComponent("fixtures/lint/\(name).\(ext)"), encoding: .utf8)
      #expect(r.stdout == golden, "\(name).\(ext) differs")
      #expect(!r.stdout.contains("\u{1B}["), "colour written to a pipe")
    }
  }

  @Test func cleanClanExitsZeroWithNoOutput() throws {
    let r = try Nixinv.run(["lint", "fixtures/lint/clean.nix"])
    #expect(r.status == 0)
    #expect(r.stdout.isEmpty && r.stderr.isEmpty)
  }

  @Test func exitStatus() throws {
    #expect(try Nixinv.run(["lint", "fixtures/lint/typos.nix"]).status == 1)
    // Warnings and notes only: 0, unless warnings are denied.
    let warnings = "fixtures/inventory/17-legacy-unknown-tag-no-drop/clan.nix"
    #expect(try Nixinv.run(["lint", warnings]).status == 0)
    #expect(try Nixinv.run(["lint", "--deny-warnings", warnings]).status == 1)
    #expect(try Nixinv.run(["lint"]).status == 2)
    #expect(try Nixinv.run(["lint", "--format", "xml", "fixtures/lint/clean.nix"]).status == 2)
    #expect(try Nixinv.run(["lint", "--disable", "no-such-code", "fixtures/lint/clean.nix"]).status == 2)
    #expect(try Nixinv.run(["lint", "fixtures/lint/no-such-file.nix"]).status == 2)
  }

  @Test func severalFilesInOneRun() throws {
    let r = try Nixinv.run(["lint", "--format", "gcc", "fixtures/lint/typos.nix", "fixtures/lint/broken.nix"])
    #expect(r.stdout.contains("fixtures/lint/typos.nix:13:29: error:"))
    #expect(r.stdout.contains("fixtures/lint/broken.nix:9:37: error:"))
  }

  @Test func jsonFormat() throws {
    let r = try Nixinv.run(["lint", "--format", "json", "fixtures/lint/typos.nix"])
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(json["version"] as? Int == 1)
    let diagnostics = json["diagnostics"] as! [[String: Any]]
    let machine = try #require(diagnostics.first { $0["code"] as? String == "unknown-machine" })
    #expect(machine["line"] as? Int == 13)
    #expect(machine["column"] as? Int == 29)
    #expect(machine["endLine"] as? Int == 13)
    #expect(machine["endColumn"] as? Int == 33)
    #expect(machine["severity"] as? String == "error")
    #expect(machine["help"] as? String == "did you mean 'jon'?")
    #expect(machine["file"] as? String == "fixtures/lint/typos.nix")
    let summary = json["summary"] as! [String: Int]
    #expect(summary == ["errors": 4, "warnings": 1])
  }

  /// The SARIF output has the structure SARIF 2.1.0 requires (and GitHub code scanning reads).
  @Test func sarifStructure() throws {
    let r = try Nixinv.run(["lint", "--format", "sarif", "fixtures/lint/typos.nix", "fixtures/lint/broken.nix"])
    let log = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(log["version"] as? String == "2.1.0")
    #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
    let runs = log["runs"] as! [[String: Any]]
    #expect(runs.count == 1)
    let driver = (runs[0]["tool"] as! [String: Any])["driver"] as! [String: Any]
    #expect(driver["name"] as? String == "nixinv")
    let rules = driver["rules"] as! [[String: Any]]
    let ids = rules.map { $0["id"] as! String }
    for rule in rules {
      #expect((rule["shortDescription"] as? [String: Any])?["text"] is String)
      let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
      #expect(["error", "warning", "note"].contains(level ?? ""))
    }
    let results = runs[0]["results"] as! [[String: Any]]
    #expect(!results.isEmpty)
    for result in results {
      let id = result["ruleId"] as! String
      #expect(ids.contains(id))
      #expect(ids[result["ruleIndex"] as! Int] == id)
      #expect(["error", "warning", "note"].contains(result["level"] as! String))
      #expect((result["message"] as! [String: Any])["text"] is String)
      let location = (result["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any]
      let uri = (location["artifactLocation"] as! [String: Any])["uri"] as! String
      #expect(uri.hasPrefix("fixtures/lint/"))
      let region = location["region"] as! [String: Int]
      #expect(region["startLine"]! >= 1 && region["startColumn"]! >= 1)
      #expect(region["endLine"]! >= region["startLine"]!)
    }
    // Every code used has its rule, and no rule is unused.
    #expect(Set(ids) == Set(results.map { $0["ruleId"] as! String }))
  }

  @Test func listAndExplain() throws {
    let list = try Nixinv.run(["lint", "--list"])
    #expect(list.status == 0)
    #expect(list.stdout.split(separator: "\n").count == 23)
    for code in ["unknown-setting", "missing-setting", "removed-role"] { #expect(list.stdout.contains(code)) }
    #expect(list.stdout.contains("unknown-machine"))
    let explain = try Nixinv.run(["explain", "unknown-tag"])
    #expect(explain.status == 0)
    #expect(explain.stdout.contains("Wrong:") && explain.stdout.contains("Fixed:"))
    #expect(try Nixinv.run(["explain", "nope"]).status == 2)
  }
}
