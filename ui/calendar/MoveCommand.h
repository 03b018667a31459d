#pragma once

#include <QUndoCommand>
#include <functional>

namespace jobdeck {

// Moving something on the calendar from one time to another, undoably. `move` writes the change (through the
// engine) for a target time; undo moves it back the same way.
class MoveCommand final : public QUndoCommand {
public:
    MoveCommand(const QString &text, qint64 fromMs, qint64 toMs, std::function<void(qint64)> move)
        : QUndoCommand(text), m_fromMs(fromMs), m_toMs(toMs), m_move(std::move(move))
    {
    }

    void redo() override { m_move(m_toMs); }
    void undo() override { m_move(m_fromMs); }

private:
    qint64 m_fromMs;
    qint64 m_toMs;
    std::function<void(qint64)> m_move;
};

} // namespace jobdeck
