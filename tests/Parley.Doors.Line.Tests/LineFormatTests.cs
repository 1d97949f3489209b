using System.Text;
using Parley.Core.Events;
using Parley.Core.Sessions;
using Parley.Core.Storage;

namespace Parley.Doors.Line.Tests;

public sealed class LineFormatTests
{
    private static readonly Identity Alice = new("alice", "a", "host", "Alice", null);

    private static string Render(LineFormat format, HubEvent hubEvent) => Encoding.UTF8.GetString(format.Render(hubEvent).Span);

    private static StoredMessage Message(MessageKind kind, string text, string? recipient = null) =>
        new("id", DateTimeOffset.UnixEpoch, recipient is null ? "#general" : "@alice,bob", 1, kind, "alice", null, recipient, text);

    [Fact]
    public void Private_messages_and_actions_have_their_own_marks()
    {
        Assert.Equal("*alice* hi\n", Render(LineFormat.CurrentRoom, new MessageEvent(Message(MessageKind.Say, "hi", "bob"), Alice, null, null)));
        Assert.Equal("*alice* * alice waves\n", Render(LineFormat.OtherRoom, new MessageEvent(Message(MessageKind.Action, "waves", "bob"), Alice, null, null)));
    }

    [Fact]
    public void Events_not_shown_in_the_line_protocol_render_nothing()
    {
        Assert.True(LineFormat.CurrentRoom.Render(new AwayEvent(DateTimeOffset.UnixEpoch, Alice, "lunch")).IsEmpty);
        Assert.True(LineFormat.CurrentRoom.Render(new SetNameEvent(DateTimeOffset.UnixEpoch, Alice)).IsEmpty);
    }

    [Fact]
    public void Notices_and_server_notices_are_marked()
    {
        Assert.Equal("-alice- note\n", Render(LineFormat.CurrentRoom, new MessageEvent(Message(MessageKind.Notice, "note"), Alice, null, null)));
        Assert.Equal("*** maintenance at noon\n", Render(LineFormat.CurrentRoom, new ServerNoticeEvent(DateTimeOffset.UnixEpoch, "maintenance at noon")));
    }
}
