"""PyTorch twin of `glassbox bench cartpole-ppo`: CleanRL's ppo.py recipe on CartPole-v1, timed to N environment steps.

The same recipe as src/Glassbox/RL/Algorithms/Ppo.cs (4 environments x 128 steps, GAE lambda 0.95, gamma 0.99,
4 minibatches, 4 epochs, clip 0.2 with value clipping, entropy 0.01, value 0.5, max grad norm 0.5, Adam 2.5e-4
annealed, eps 1e-5, orthogonal init sqrt(2) / 0.01 / 1), with the environments written in NumPy below (CartPole-v1's
equations and 500-step time limit) so that neither side pays for a foreign environment library. Environments are reset
as soon as an episode ends (the vector API CleanRL's recipe was tuned with), as the Glassbox side does.

Usage: python bench_cartpole_ppo_torch.py [--steps 500000] [--seed 1] [--json]
Requires torch and numpy. torch.set_num_threads(2), as the benchmark machine has 2 cores.
"""
import argparse
import json
import math
import resource
import time

import numpy as np
import torch
import torch.nn as nn
from torch.distributions.categorical import Categorical


class CartPole:
    """CartPole-v1 dynamics (Barto, Sutton & Anderson, 1983, as Gymnasium writes them), Euler integration, 500-step limit."""

    gravity, masscart, masspole, length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total_mass = masspole + masscart
    polemass_length = masspole * length
    theta_limit = 12 * 2 * math.pi / 360
    x_limit = 2.4

    def __init__(self):
        self.rng = np.random.default_rng()
        self.state = None
        self.steps = 0

    def reset(self, seed=None):
        if seed is not None:
            self.rng = np.random.default_rng(seed)
        self.state = self.rng.uniform(-0.05, 0.05, size=(4,))
        self.steps = 0
        return np.array(self.state, dtype=np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta, sintheta = math.cos(theta), math.sin(theta)
        temp = (force + self.polemass_length * theta_dot**2 * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * costheta**2 / self.total_mass))
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        self.state = (x, x_dot, theta, theta_dot)
        self.steps += 1
        terminated = bool(x < -self.x_limit or x > self.x_limit or theta < -self.theta_limit or theta > self.theta_limit)
        truncated = self.steps >= 500
        return np.array(self.state, dtype=np.float32), 1.0, terminated, truncated


def layer_init(layer, std=np.sqrt(2), bias_const=0.0):
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


class Agent(nn.Module):
    def __init__(self, obs_dim, n_actions):
        super().__init__()
        self.critic = nn.Sequential(layer_init(nn.Linear(obs_dim, 64)), nn.Tanh(), layer_init(nn.Linear(64, 64)), nn.Tanh(),
                                    layer_init(nn.Linear(64, 1), std=1.0))
        self.actor = nn.Sequential(layer_init(nn.Linear(obs_dim, 64)), nn.Tanh(), layer_init(nn.Linear(64, 64)), nn.Tanh(),
                                   layer_init(nn.Linear(64, n_actions), std=0.01))

    def get_value(self, x):
        return self.critic(x)

    def get_action_and_value(self, x, action=None):
        probs = Categorical(logits=self.actor(x))
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action), probs.entropy(), self.critic(x)


def run(total_timesteps, seed):
    num_envs, num_steps, lr, gamma, lam = 4, 128, 2.5e-4, 0.99, 0.95
    num_minibatches, epochs, clip, ent_coef, vf_coef, max_grad_norm = 4, 4, 0.2, 0.01, 0.5, 0.5
    batch_size = num_envs * num_steps
    minibatch_size = batch_size // num_minibatches
    num_iterations = total_timesteps // batch_size
    torch.manual_seed(seed)
    np.random.seed(seed)
    envs = [CartPole() for _ in range(num_envs)]
    agent = Agent(4, 2)
    optimizer = torch.optim.Adam(agent.parameters(), lr=lr, eps=1e-5)
    obs = torch.zeros((num_steps, num_envs, 4))
    actions = torch.zeros((num_steps, num_envs))
    logprobs = torch.zeros((num_steps, num_envs))
    rewards = torch.zeros((num_steps, num_envs))
    dones = torch.zeros((num_steps, num_envs))
    values = torch.zeros((num_steps, num_envs))
    next_obs = torch.tensor(np.stack([e.reset(seed + i) for i, e in enumerate(envs)]))
    next_done = torch.zeros(num_envs)
    ep_return = np.zeros(num_envs)
    episode_returns = []
    global_step = 0
    start = time.perf_counter()
    for iteration in range(1, num_iterations + 1):
        optimizer.param_groups[0]["lr"] = (1.0 - (iteration - 1.0) / num_iterations) * lr
        for step in range(num_steps):
            global_step += num_envs
            obs[step] = next_obs
            dones[step] = next_done
            with torch.no_grad():
                action, logprob, _, value = agent.get_action_and_value(next_obs)
                values[step] = value.flatten()
            actions[step] = action
            logprobs[step] = logprob
            stepped, reward, done = [], np.zeros(num_envs, dtype=np.float32), np.zeros(num_envs, dtype=np.float32)
            for i, env in enumerate(envs):
                o, r, term, trunc = env.step(int(action[i]))
                ep_return[i] += r
                if term or trunc:
                    episode_returns.append(ep_return[i])
                    ep_return[i] = 0
                    o = env.reset()
                stepped.append(o)
                reward[i], done[i] = r, float(term or trunc)
            rewards[step] = torch.from_numpy(reward)
            next_obs, next_done = torch.from_numpy(np.stack(stepped)), torch.from_numpy(done)
        with torch.no_grad():
            next_value = agent.get_value(next_obs).reshape(1, -1)
            advantages = torch.zeros_like(rewards)
            lastgaelam = 0
            for t in reversed(range(num_steps)):
                if t == num_steps - 1:
                    nextnonterminal, nextvalues = 1.0 - next_done, next_value
                else:
                    nextnonterminal, nextvalues = 1.0 - dones[t + 1], values[t + 1]
                delta = rewards[t] + gamma * nextvalues * nextnonterminal - values[t]
                advantages[t] = lastgaelam = delta + gamma * lam * nextnonterminal * lastgaelam
            returns = advantages + values
        b_obs, b_logprobs, b_actions = obs.reshape((-1, 4)), logprobs.reshape(-1), actions.reshape(-1)
        b_advantages, b_returns, b_values = advantages.reshape(-1), returns.reshape(-1), values.reshape(-1)
        b_inds = np.arange(batch_size)
        for _ in range(epochs):
            np.random.shuffle(b_inds)
            for s in range(0, batch_size, minibatch_size):
                mb = b_inds[s:s + minibatch_size]
                _, newlogprob, entropy, newvalue = agent.get_action_and_value(b_obs[mb], b_actions.long()[mb])
                ratio = (newlogprob - b_logprobs[mb]).exp()
                mb_adv = b_advantages[mb]
                mb_adv = (mb_adv - mb_adv.mean()) / (mb_adv.std() + 1e-8)
                pg_loss = torch.max(-mb_adv * ratio, -mb_adv * torch.clamp(ratio, 1 - clip, 1 + clip)).mean()
                newvalue = newvalue.view(-1)
                v_unclipped = (newvalue - b_returns[mb]) ** 2
                v_clipped = b_values[mb] + torch.clamp(newvalue - b_values[mb], -clip, clip)
                v_loss = 0.5 * torch.max(v_unclipped, (v_clipped - b_returns[mb]) ** 2).mean()
                loss = pg_loss - ent_coef * entropy.mean() + v_loss * vf_coef
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(agent.parameters(), max_grad_norm)
                optimizer.step()
    seconds = time.perf_counter() - start
    final = float(np.mean(episode_returns[-100:])) if episode_returns else float("nan")
    return seconds, global_step, num_iterations, len(episode_returns), final


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.steps < 512:
        parser.error("--steps must be at least 512 (one iteration of 4 x 128 steps)")
    torch.set_num_threads(2)
    seconds, steps, iterations, episodes, final = run(args.steps, args.seed)
    result = {
        "bench": "cartpole-ppo", "framework": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "env_steps": steps, "iterations": iterations, "seconds": round(seconds, 2), "steps_per_s": round(steps / seconds, 1),
        "episodes": episodes, "final100_mean_return": round(final, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:<24} {v}")


if __name__ == "__main__":
    main()
