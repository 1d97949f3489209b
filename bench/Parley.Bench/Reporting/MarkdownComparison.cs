using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Parley.Bench.Reporting;

/// <summary>
/// One table per scenario: a row per metric, a column per server, each cell with its ratio to
/// the baseline server (value / baseline) so "2.00×" reads "twice the baseline's number".
/// Runs of one scenario with other client counts or rates get tables of their own.
/// </summary>
public static class MarkdownComparison
{
    public static string Render(string title, IEnumerable<string> jsonLines, string baseline)
    {
        var results = new List<(string Scenario, string Label, List<(string Key, double? Value)> Metrics)>();
        foreach (var line in jsonLines.Where(l => l.TrimStart().StartsWith('{')))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var metrics = root.EnumerateObject()
                .Where(p => p.Name is not "scenario" and not "label")
                .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : (double?)null))
                .ToList();
            results.Add((SectionOf(root), root.GetProperty("label").GetString()!, metrics));
        }

        var md = new StringBuilder();
        md.Append("# ").AppendLine(title).AppendLine();
        md.Append("Ratios are value / ").Append(baseline).AppendLine("'s value for the same metric.").AppendLine();
        foreach (var scenario in results.Select(r => r.Scenario).Distinct())
        {
            var runs = results.Where(r => r.Scenario == scenario).ToList();
            var baseRun = runs.FirstOrDefault(r => r.Label == baseline);
            md.Append("## ").AppendLine(scenario).AppendLine();
            md.Append("| metric |").AppendJoin("", runs.Select(r => $" {r.Label} |")).AppendLine();
            md.Append("| --- |").AppendJoin("", runs.Select(_ => " ---: |")).AppendLine();
            var keys = runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct();
            foreach (var key in keys)
            {
                md.Append("| ").Append(key).Append(" |");
                var b = baseRun.Metrics?.FirstOrDefault(m => m.Key == key).Value;
                foreach (var run in runs)
                {
                    var v = run.Metrics.FirstOrDefault(m => m.Key == key).Value;
                    md.Append(' ').Append(Report.Format(v));
                    if (v is { } x && b is { } y && y != 0 && run.Label != baseline)
                    {
                        md.Append(" (").Append((x / y).ToString("0.00", CultureInfo.InvariantCulture)).Append("×)");
                    }

                    md.Append(" |");
                }

                md.AppendLine();
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    /// <summary>"fanout", "fanout 1000 clients", "fanout 100 clients @ 100/s per sender": one table per shape of run.</summary>
    private static string SectionOf(JsonElement result)
    {
        var section = new StringBuilder(result.GetProperty("scenario").GetString());
        if (result.TryGetProperty("clients", out var clients) && clients.ValueKind == JsonValueKind.Number)
        {
            section.Append(' ').Append(clients.GetInt64().ToString(CultureInfo.InvariantCulture)).Append(" clients");
        }

        if (result.TryGetProperty("rate_per_sender", out var rate) && rate.ValueKind == JsonValueKind.Number)
        {
            section.Append(" @ ").Append(rate.GetDouble().ToString(CultureInfo.InvariantCulture)).Append("/s per sender");
        }

        return section.ToString();
    }
}
