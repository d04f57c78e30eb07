package com.partnerflow.tasks;

/** The stages of a solution (guide, "Solution growth stage tasks"). */
public enum SolutionStage {
    BUILD, MARKET, SELL, GROW
}
