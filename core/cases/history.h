// core/cases/history.h: a report's stored events read back as core/workflow's history.
//
// Owns folding the events table into Transitions and a Case: what decide(), the case clock,
// the indicators and the case index (case_index.h) read. The server's action path
// (shell/server/case_history.h) and the case index use the same fold, so what an officer is
// allowed to do and what the queue and the statistics show come from one reading of a case.
#pragma once

#include <vector>

#include "core/store/server_repository.h"
#include "core/workflow/machine.h"

namespace aduan::cases {

// Every event after the first ("received") becomes a Transition; `after` carries the folded
// case (status, holder, rating, Ombudsman marker). Events with an action this server does not
// know are skipped rather than guessed at.
std::vector<workflow::Transition> history_of(const std::vector<store::ServerEvent>& events);

// The case now: the history's last `after`, with the report row's status and holder, which are
// the truth (they are written with every event).
workflow::Case case_of(const store::StoredReport& report,
                       const std::vector<workflow::Transition>& history);
workflow::Case case_of(std::string_view status, std::string_view holder,
                       const std::vector<workflow::Transition>& history);

}  // namespace aduan::cases
