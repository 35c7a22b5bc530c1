#!/usr/bin/env python3
"""A tiny reinforcement-learning loop on AICN, numpy only: a tabular policy over sites,
trained by random search (keep a perturbation when the episode's return improves) over
episodes of the same scenario and seed.

    python3 results/python/examples/learn_tabular.py --aicn build/aicn [--episodes 12]

The state is the job's size class (up to 8 GPUs, up to 64, more) and whether the site
holding its data has as many free GPUs as the job needs; the action is the site (the pool
as aicn.policy.eligible_pool picks it). Sites that could never hold the job are masked
out. The reward is the environment's "wait" (minus job-hours of waiting; an episode's return
is minus the run's total wait). The policy starts with all preferences equal, which keeps
every job at the first eligible site, the small eastern one; the search finds that the
western sites wait less. Prints one line per episode: return, mean wait, best return.
"""
import argparse
import os
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # results/python, for a checkout

from aicn.env import AicnEnv  # noqa: E402
from aicn.policy import Decision, eligible_pool, hold_or_reject  # noqa: E402

SCENARIO = """name: learn-tabular
seed: 1
horizon: 2d
drain: true
sample_interval: 6h
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 4
  origins: {EAST: 1}
  gpu_models: {A100-80GB: 1}
  parameters: {median: 1.0e9, sigma: 0.8, min: 1.0e8, max: 7.0e10}
  tokens: {median: 1.0e10, sigma: 0.8, min: 1.0e9, max: 1.0e12}
  target_duration: {median: 6h, sigma: 0.5, min: 30min, max: 2d}
  max_gpus: 64
"""


SITES = 3  # tiny-3site: east, west-1, west-2
STATES = 6  # 3 size classes x (room at the data's site or not)


def state_of(view, job):
    size = 0 if job.gpus <= 8 else (1 if job.gpus <= 64 else 2)
    home = view.sites[job.data_site]
    pool = home.pool_of(job.gpu_model)
    room = 1 if pool >= 0 and home.pools[pool].free_gpus >= job.gpus else 0
    return size * 2 + room


class Tabular:
    """Preferences theta[state, site]; the policy places each job at the eligible site of
    highest preference (the lowest index on ties), so one theta gives one run exactly."""

    def __init__(self, states, sites):
        self.theta = np.zeros((states, sites))

    def act(self, view, pending, theta):
        decisions = []
        for job in pending:
            pools = [eligible_pool(view, s, job) for s in range(len(view.sites))]
            mask = np.array([p >= 0 for p in pools])
            if not mask.any():
                decisions.append(hold_or_reject(view, job))
                continue
            action = int(np.argmax(np.where(mask, theta[state_of(view, job)], -np.inf)))
            decisions.append(Decision.place(job, action, pools[action]))
        return decisions


def run_episode(env, scenario, seed, agent, theta):
    view, pending = env.reset(scenario, seed=seed)
    total, done, info = 0.0, False, {}
    while not done:
        (view, pending), reward, done, info = env.step(agent.act(view, pending, theta))
        total += reward
    return total, info


def train(aicn, episodes=12, seed=1, sigma=1.0, workdir=None, log=print):
    """Random search over theta, the simplest policy search: each episode runs theta plus
    Gaussian noise and keeps it when its return (minus job-hours of waiting) is higher.
    Returns (returns of every episode, best return so far after each episode)."""
    env = AicnEnv(aicn, reward="wait", workdir=workdir)
    scenario = os.path.join(env.workdir, "learn.yaml")
    with open(scenario, "w") as f:
        f.write(SCENARIO)
    rng = np.random.default_rng(seed)
    agent = None
    returns, best = [], []
    try:
        for episode in range(episodes):
            if agent is None:
                agent = Tabular(STATES, SITES)
            candidate = agent.theta if episode == 0 else agent.theta + sigma * rng.standard_normal(agent.theta.shape)
            total, info = run_episode(env, scenario, seed, agent, candidate)
            returns.append(total)
            if not best or total > best[-1]:
                agent.theta = candidate
            best.append(max(total, best[-1]) if best else total)
            wait_h = info["summary"]["wait_s"]["mean"] / 3600.0
            log(f"episode {episode + 1:2d}: return {total:9.1f} job-hours (mean wait {wait_h:6.2f} h), "
                f"best {best[-1]:9.1f}")
    finally:
        env.close()
    return returns, best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aicn", default="build/aicn")
    parser.add_argument("--episodes", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    train(args.aicn, episodes=args.episodes, seed=args.seed)


if __name__ == "__main__":
    main()
