package export

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks places about five labelled ticks at "nice" steps (1, 2, 2.5 or
// 5 times a power of ten) with an unlabelled tick halfway between, after
// Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990). Labels
// carry the decimals the step needs, all alike: "25", not gonum's "25.00";
// "0.0, 2.5, 5.0".
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := niceStep((hi - lo) / 5)
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if s := step * math.Pow10(decimals); math.Abs(s-math.Round(s)) > 1e-9 {
		decimals++ // 2.5 × 10^k needs one more
	}
	var ts []plot.Tick
	for k := math.Ceil(lo/step*2 - 1e-9); k/2*step <= hi+step*1e-9; k++ {
		v := k / 2 * step
		t := plot.Tick{Value: v}
		if int(k)%2 == 0 {
			t.Label = formatTick(v, decimals)
		}
		ts = append(ts, t)
	}
	return ts
}

// niceStep returns the nice number nearest to x, rounding as Heckbert does
// with 2.5 added between 2 and 5.
func niceStep(x float64) float64 {
	p := math.Pow10(int(math.Floor(math.Log10(x))))
	f := x / p
	switch {
	case f < 1.5:
		return p
	case f < 2.25:
		return 2 * p
	case f < 3.5:
		return 2.5 * p
	case f < 7.5:
		return 5 * p
	}
	return 10 * p
}

func formatTick(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if f, _ := strconv.ParseFloat(s, 64); f == 0 {
		return strconv.FormatFloat(0, 'f', decimals, 64) // not "-0"
	}
	return s
}
