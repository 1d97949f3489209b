using System.Text;
using Parley.Bench.Reporting;
using Parley.Bench.Scenarios;

namespace Parley.Bench.Tests;

public sealed class PayloadTests
{
    [Theory]
    [InlineData(":bxy1!~bench@127.0.0.1 PRIVMSG #bench :")]
    [InlineData("<bxy1> ")]
    public void Formatted_payload_parses_back_after_any_relay_prefix(string relayPrefix)
    {
        var buffer = new byte[256];
        var n = Payload.Format(buffer, "PRIVMSG #bench :"u8, 7, 123456789, 987654321012, 42, 5, "\r\n"u8);
        var sent = Encoding.UTF8.GetString(buffer, 0, n);
        Assert.EndsWith("xxxxx\r\n", sent);

        var relayed = Encoding.UTF8.GetBytes(relayPrefix + sent["PRIVMSG #bench :".Length..^2]);
        Assert.True(Payload.TryParse(relayed, out var sender, out var seq, out var ticks, out var acker));
        Assert.Equal((7, 123456789L, 987654321012L, 42), (sender, seq, ticks, acker));
    }

    [Theory]
    [InlineData(":srv 366 bxy1 #bench :End of NAMES list")]
    [InlineData(":a!~B@h PRIVMSG #bench :~B~ 1 2")]
    public void Other_lines_are_not_payloads(string line) =>
        Assert.False(Payload.TryParse(Encoding.UTF8.GetBytes(line), out _, out _, out _, out _));

    [Fact]
    public void Markdown_comparison_shows_ratio_to_baseline()
    {
        var md = MarkdownComparison.Render("t", [
            """{"scenario":"fanout","label":"parley","delivered_per_s":1000}""",
            """{"scenario":"fanout","label":"ngircd","delivered_per_s":500}""",
        ], "parley");

        Assert.Contains("| delivered_per_s | 1,000 | 500 (0.50×) |", md);
    }

    [Fact]
    public void Markdown_comparison_gives_each_client_count_and_rate_a_table_of_its_own()
    {
        var md = MarkdownComparison.Render("t", [
            """{"scenario":"fanout","label":"parley","clients":100,"rate_per_sender":null,"latency_p50_us":9000}""",
            """{"scenario":"fanout","label":"parley","clients":100,"rate_per_sender":100,"latency_p50_us":400}""",
            """{"scenario":"fanout","label":"parley","clients":1000,"rate_per_sender":null,"latency_p50_us":9000}""",
        ], "parley");

        Assert.Contains("## fanout 100 clients\n", md.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("## fanout 100 clients @ 100/s per sender\n", md.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("## fanout 1000 clients\n", md.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
