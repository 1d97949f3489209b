using Parley.Server.Transport;

namespace Parley.Integration.Tests.Transport;

public sealed class DescriptorLimitTests
{
    [Fact]
    public void Connections_that_fit_leave_the_open_descriptors_and_the_reserve_free()
    {
        var limit = DescriptorLimit.SoftLimit();
        Assert.NotNull(limit);
        var open = Directory.GetFiles("/proc/self/fd").Length;
        Assert.InRange(DescriptorLimit.ConnectionsThatFit(), 1, limit.Value - open - DescriptorLimit.Reserve + 16);
    }
}
