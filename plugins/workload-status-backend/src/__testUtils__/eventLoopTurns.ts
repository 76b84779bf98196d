/**
 * Counts the turns of the event loop: a check-phase callback that
 * schedules itself runs once per turn. `turn` is the number of the turn
 * now running; `stop()` ends the count.
 */
export function countEventLoopTurns(): { readonly turn: number; stop(): void } {
  let turn = 0;
  let counting = true;
  const count = () => {
    turn += 1;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  return {
    get turn() {
      return turn;
    },
    stop() {
      counting = false;
    },
  };
}
