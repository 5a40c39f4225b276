using System.Net;
using System.Net.Sockets;

namespace Correlator.Testing.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void Next_Always_ReturnsAPortThatCanBeBound()
    {
        var port = FreePort.Next();

        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
        Assert.InRange(port, 1, 65535);
    }
}
