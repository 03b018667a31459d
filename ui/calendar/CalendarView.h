#pragma once

#include "schedule/CalendarProjection.h"

#include <QDate>
#include <QTime>
#include <QWidget>
#include <memory>

namespace jobdeck {

// What both calendar views share: entries drawn as chips, selection by click, moving a one-off job or a once
// schedule by dragging it (the drag is the view's own, so it works the same with any platform), drops from
// the palette, and double-click on a day or time slot. Subclasses lay out the chips and map points to dates
// and times. Main thread only.
class CalendarView : public QWidget {
    Q_OBJECT
public:
    // The palette's drags carry "definition:NAME" or "kind:NAME" under this type.
    static const QString kPaletteMimeType;

    explicit CalendarView(QWidget *parent = nullptr);

    // Shows `result` (dates and times in `zone`), the period starting at `first`.
    void setContents(const CalendarProjection::Result &result, std::shared_ptr<const ZoneRules> zone, const QDate &first,
                     const QDate &today);
    QDate firstDate() const { return m_first; }
    const CalendarEntry *selectedEntry() const;
    void clearSelection();

    // Where the entry (by job, or by schedule and time) is drawn; empty if it is not.
    QRect rectOf(qint64 jobId, qint64 scheduleId = 0, qint64 atMs = 0) const;
    // The centre of a date's cell, or of a time slot in views with times.
    virtual QPoint pointOf(const QDate &date, const QTime &time) const = 0;

    // What is drawn: a chip of one entry or of a group of them, or a block standing for a busy hour.
    struct Chip {
        enum class Kind {
            Entries, // click selects the one shown
            Runs,    // a collapsed hour ("N runs"): click expands it
            Fold,    // the header of an expanded hour: click collapses it
        };
        QRect rect;
        std::vector<int> entries; // indices into the result's entries; the first is the one shown
        QString text;
        QString detail; // a block's schedules, by how many runs each has in it
        Kind kind = Kind::Entries;
        int hour = -1; // of a block
    };
    // As laid out for painting, in the order painted.
    const std::vector<Chip> &drawnChips() const { return m_chips; }
    // While a chip is dragged: the time it would move to, as the dragged chip shows it ("14:00", "Sat 13, 14:00");
    // empty otherwise.
    QString dragTimeText() const;

Q_SIGNALS:
    // `more` other entries share the chip (grouped or "+N more").
    void entrySelected(const jobdeck::CalendarEntry &entry, int more);
    void entryMoved(const jobdeck::CalendarEntry &entry, qint64 newAtMs);
    // Double-click; `timeChosen` when the view has time slots.
    void slotActivated(const QDate &date, const QTime &time, bool timeChosen);
    void paletteDropped(const QString &type, const QString &name, qint64 atMs);

protected:
    struct Slot {
        QDate date;
        std::optional<QTime> time;
    };

    virtual void layoutChips() = 0;
    virtual std::optional<Slot> slotAt(const QPoint &point) const = 0;
    // Tooltip for what is not a chip (day marks); empty for none.
    virtual QString markTip(const QPoint &point) const;
    // A click on a block (a chip of another kind than Entries).
    virtual void blockClicked(const Chip &chip);

    // A chip standing for several entries shows (and is coloured by) the one that most needs attention.
    void showWorstFirst(Chip &chip) const;
    // One entry: "HH:mm title"; several of one schedule: "N× title", shown by the one most in need of attention.
    Chip chipOf(std::vector<int> entries) const;
    // More chips than `room`: the last ones are folded into one "+N more" chip, so `room` remain.
    void foldOverflow(std::vector<Chip> &chips, size_t room) const;
    // A block of `kind` for the entries of `hour`: "N runs", its schedules in `detail`, shown by the worst.
    Chip blockOf(Chip::Kind kind, int hour, std::vector<int> entries) const;
    void paintChips(QPainter &painter) const;
    void paintChip(QPainter &painter, const Chip &chip, bool ghost = false) const;
    const CalendarEntry &entry(int index) const { return m_result.entries[size_t(index)]; }

    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool event(QEvent *event) override;

    CalendarProjection::Result m_result;
    std::shared_ptr<const ZoneRules> m_zone;
    QDate m_first;
    QDate m_today;
    std::vector<Chip> m_chips;
    std::optional<Slot> m_dropSlot; // highlighted while something is dragged over it

private:
    // Identifies the selection across reloads.
    struct Key {
        CalendarEntry::Type type = CalendarEntry::Type::Projected;
        qint64 scheduleId = 0;
        qint64 jobId = 0;
        qint64 atMs = 0;
        bool matches(const CalendarEntry &e) const;
    };
    const Chip *chipAt(const QPoint &point) const;
    qint64 timeFor(const Slot &slot, const QTime &fallback) const;

    std::optional<Key> m_selected;
    int m_pressedEntry = -1;
    QPoint m_pressPos;
    bool m_dragging = false;
    QPoint m_dragPos;
};

} // namespace jobdeck
