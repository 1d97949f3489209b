// InspIRCd 3 module used only by bench/compare.sh (loaded from bench/peers/inspircd.conf).
//
// InspIRCd completes a client's registration only in its once-per-second background pass
// (UserManager::DoBackgroundUserStuff), so every client waits up to 1 s for 001 whatever the
// configuration says, and the churn and idle scenarios would measure that timer, not the server.
// This module runs the same check as that pass (NICK and USER received, no module holding the
// client in OnCheckReady) right after each command and connects the client at once. Nothing else
// changes: a module that holds a client (DNS lookup, ident, CAP, TLS) still holds it, and the
// background pass still finishes such clients.
//
// Built by compare.sh against the Debian headers (package inspircd-dev):
//   g++ -std=c++11 -O2 -fPIC -shared -fno-rtti -I/usr/include/inspircd -o m_bench_fastreg.so m_bench_fastreg.cpp
// (-fno-rtti: the packaged inspircd binary exports no type information for Module.)

#include "inspircd.h"

class ModuleBenchFastReg : public Module
{
 public:
	void OnPostCommand(Command* command, const CommandBase::Params& parameters, LocalUser* user, CmdResult result, bool loop) CXX11_OVERRIDE
	{
		if (result != CMD_SUCCESS || loop || user->quitting || user->registered != REG_NICKUSER)
			return;

		// The same test as the background pass makes before it calls FullConnect.
		ModResult res;
		FIRST_MOD_RESULT(OnCheckReady, res, (user));
		if (res == MOD_RES_PASSTHRU)
			user->FullConnect();
	}

	Version GetVersion() CXX11_OVERRIDE
	{
		return Version("Benchmark helper: completes client registration as soon as NICK and USER are in");
	}
};

MODULE_INIT(ModuleBenchFastReg)
