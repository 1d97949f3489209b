using Parley.Client.Cli;

namespace Parley.Client.Tests;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("localhost", null, "localhost", 5015)]
    [InlineData("chat.example.org:6000", null, "chat.example.org", 6000)]
    [InlineData("[::1]:5015", null, "::1", 5015)]
    [InlineData("[::1]", 7000, "::1", 7000)]
    [InlineData("::1", null, "::1", 5015)]
    [InlineData("127.0.0.1", 5016, "127.0.0.1", 5016)]
    [InlineData("127.0.0.1:5016", 5016, "127.0.0.1", 5016)]
    public void Parses(string text, int? portOption, string host, int port)
    {
        Assert.True(ServerAddress.TryParse(text, portOption, out var address, out var error), error);
        Assert.Equal(new ServerAddress(host, port), address);
    }

    [Theory]
    [InlineData("host:0", null)]
    [InlineData("host:99999", null)]
    [InlineData("host:abc", null)]
    [InlineData(":5015", null)]
    [InlineData("[::1", null)]
    [InlineData("[nope]:1", null)]
    [InlineData("host:5015", 6000)]
    [InlineData("host", 0)]
    public void Rejects(string text, int? portOption) =>
        Assert.False(ServerAddress.TryParse(text, portOption, out _, out _));

    [Fact]
    public void Prints_ipv6_with_brackets() => Assert.Equal("[::1]:5015", new ServerAddress("::1", 5015).ToString());
}
