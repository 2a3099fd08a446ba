import Foundation
import Testing

/// `nixinv dump`, `machines` and `graph` end to end: outputs, options and exit codes.
@Suite struct InventoryCommandTests {
  @Test func quickStartDumpsTheSampleClan() throws {
    let r = try Nixinv.run(["dump", "fixtures/sample-clan"])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect((json["machines"] as! [String: Any]).keys.sorted() == ["backup", "jon", "sara"])
    #expect(r.stdout.hasSuffix("}\n"))
  }

  @Test func dumpSelectsMachinesAndWritesNix() throws {
    let r = try Nixinv.run(["dump", "--machine", "jon", "--format", "nix", "fixtures/sample-clan/flake.nix"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("    jon = {\n"))
    #expect(!r.stdout.contains("    sara = {\n"))
    let missing = try Nixinv.run(["dump", "--machine", "nobody", "fixtures/sample-clan"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no machine 'nobody'"))
  }

  @Test func equallyCloseSuggestionsGoToTheFirstInByteOrder() throws {
    // 'roer-password' is two edits from both 'root-password' and 'user-password'.
    let file = try Nixinv.temporaryFile(Array("""
      buildClan {
        inventory.machines.a = { };
        inventory.services.roer-password.x.roles.default.machines = [ "a" ];
      }
      """.utf8), name: "clan.nix")
    for _ in 0..<3 {
      let r = try Nixinv.run(["dump", file])
      #expect(r.status == 1)
      #expect(r.stderr.contains("help: did you mean 'root-password'?"))
    }
  }

  @Test func dumpErrorsExitOne() throws {
    let r = try Nixinv.run(["dump", "fixtures/inventory/23-legacy-unknown-module/clan.nix"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("error: (Legacy) ClanModule not found: 'borgbackups'."))
    #expect(r.stderr.contains("help: did you mean 'borgbackup'?"))
  }

  @Test func conflictStillDumpsTheRestAndExitsOne() throws {
    let r = try Nixinv.run(["dump", "fixtures/inventory/09-legacy-multi-instance-conflict/clan.nix"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("clan.mycelium.openFirewall' has conflicting definition values"))
    #expect(r.stdout.contains("\"sara\""))
  }

  @Test func usageErrorsExitTwo() throws {
    #expect(try Nixinv.run(["dump"]).status == 2)
    #expect(try Nixinv.run(["dump", "--format", "yaml", "fixtures/sample-clan"]).status == 2)
    #expect(try Nixinv.run(["dump", "no/such/file.nix"]).status == 2)
  }

  @Test func machinesListsAndFiltersByTags() throws {
    #expect(try Nixinv.run(["machines", "fixtures/sample-clan"]).stdout == "backup\njon\nsara\n")
    #expect(try Nixinv.run(["machines", "fixtures/sample-clan", "--tags", "laptop", "backup"]).stdout == "jon\nsara\n")
    #expect(try Nixinv.run(["machines", "--tags", "laptop,nope", "fixtures/sample-clan"]).stdout == "")
    let json = try Nixinv.run(["machines", "--json", "fixtures/sample-clan"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: [String: Any]]
    #expect(object["jon"]?["machineClass"] as? String == "nixos")
    #expect((object["backup"]?["roles"] as? [String: [String]])?["zerotier"] == ["controller", "peer"])
  }

  @Test func graphFormats() throws {
    let dot = try Nixinv.run(["graph", "fixtures/sample-clan"])
    #expect(dot.status == 0)
    #expect(dot.stdout.hasPrefix("digraph clan {"))
    let mermaid = try Nixinv.run(["graph", "--format", "mermaid", "fixtures/sample-clan"])
    #expect(mermaid.stdout.hasPrefix("graph LR\n"))
  }

  /// Graphviz accepts the DOT output (checked where `dot` is installed).
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")))
  func graphvizAcceptsTheGraph() throws {
    let graph = try Nixinv.run(["graph", "fixtures/inventory/20-instances-unknown-machine/clan.nix"])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
    process.arguments = ["-Tsvg"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    input.fileHandleForWriting.write(Data(graph.stdout.utf8))
    try input.fileHandleForWriting.close()
    let svg = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
  }
}
