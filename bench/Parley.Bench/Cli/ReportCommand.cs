using System.CommandLine;
using Parley.Bench.Reporting;

namespace Parley.Bench.Cli;

/// <summary>`report`: turns the JSON lines of a compare run into a markdown comparison.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "JSON lines written with --json", Required = true };
        var baseline = new Option<string>("--baseline") { Description = "Label the ratios are relative to", DefaultValueFactory = _ => "parley" };
        var output = new Option<FileInfo?>("--output") { Description = "Markdown file to write (default: stdout)" };
        var title = new Option<string>("--title") { Description = "Heading of the document", DefaultValueFactory = _ => "Parley benchmark comparison" };
        var cmd = new Command("report", "Markdown table of several servers' results with ratios to a baseline") { input, baseline, output, title };
        cmd.SetAction(async (r, ct) =>
        {
            var lines = await File.ReadAllLinesAsync(r.GetValue(input)!.FullName, ct);
            var markdown = MarkdownComparison.Render(r.GetValue(title)!, lines, r.GetValue(baseline)!);
            if (r.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, markdown, ct);
            }
            else
            {
                Console.Write(markdown);
            }

            return 0;
        });
        return cmd;
    }
}
